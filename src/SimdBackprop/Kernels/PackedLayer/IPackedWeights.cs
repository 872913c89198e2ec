using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.PackedLayer;

/// <summary>
/// How <see cref="PackedLayerKernel"/> stores θ and reads it back as float32: the one thing the float32 and the
/// bfloat16 serving kernels differ in. Implemented by structs, so every kernel is compiled once per weight
/// type with the loads inlined. Offsets count weights, not bytes; every load reads consecutive weights.
/// </summary>
/// <typeparam name="TWeight">The stored element.</typeparam>
internal interface IPackedWeights<TWeight>
    where TWeight : unmanaged
{
    /// <summary>The stored form of <paramref name="value"/>.</summary>
    static abstract TWeight Narrow(float value);

    /// <summary>The weight at <paramref name="offset"/> as float32.</summary>
    static abstract float Load(ref TWeight w, nint offset);

    /// <summary>4 weights from <paramref name="offset"/> as float32.</summary>
    static abstract Vector128<float> Load128(ref TWeight w, nint offset);

    /// <summary>16 weights from <paramref name="offset"/> as float32.</summary>
    static abstract Vector512<float> Load512(ref TWeight w, nint offset);

    /// <summary>
    /// 32 weights from <paramref name="offset"/> (32 consecutive rows) as float32, in this type's pair order:
    /// rows 0–15 then 16–31 for float32; even rows then odd rows for bfloat16, whose 32 weights are one 64-byte
    /// load split by a shift and a mask (no shuffle in the FMA loop). A tile keeps its accumulators in the
    /// same order, loads the bias with <see cref="OrderPair512"/> and stores with <see cref="StorePair512"/>.
    /// </summary>
    static abstract void LoadPair512(ref TWeight w, nint offset, out Vector512<float> first, out Vector512<float> second);

    /// <summary>16 weights from <paramref name="offset"/> (one 16-row column) as float32 in the pair order, as
    /// <see cref="LoadPair512"/> at half the width: rows 0–7 then 8–15, or even rows then odd rows.</summary>
    static abstract void LoadPair256(ref TWeight w, nint offset, out Vector256<float> first, out Vector256<float> second);

    /// <summary>16 consecutive floats (a bias) in the pair order of <see cref="LoadPair256"/>.</summary>
    static abstract void OrderPair256(ref float values, out Vector256<float> first, out Vector256<float> second);

    /// <summary>Applies <paramref name="epilogue"/> and stores a 256-bit pair as 16 consecutive floats.</summary>
    static abstract void StorePair256(PackedLayerEpilogue epilogue, Vector256<float> first, Vector256<float> second, ref float y);

    /// <summary>32 consecutive floats (a bias) in the pair order of <see cref="LoadPair512"/>.</summary>
    static abstract void OrderPair512(ref float values, out Vector512<float> first, out Vector512<float> second);

    /// <summary>Applies <paramref name="epilogue"/> and stores a pair of accumulators as 32 consecutive floats.</summary>
    static abstract void StorePair512(PackedLayerEpilogue epilogue, Vector512<float> first, Vector512<float> second, ref float y);
}
