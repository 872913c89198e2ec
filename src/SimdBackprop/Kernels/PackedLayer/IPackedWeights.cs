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

    /// <summary>8 weights from <paramref name="offset"/> as float32.</summary>
    static abstract Vector256<float> Load256(ref TWeight w, nint offset);

    /// <summary>16 weights from <paramref name="offset"/> as float32.</summary>
    static abstract Vector512<float> Load512(ref TWeight w, nint offset);
}
