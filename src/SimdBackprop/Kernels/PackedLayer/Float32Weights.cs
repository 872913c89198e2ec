using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.PackedLayer;

/// <summary>θ stored as float32: loads are plain vector loads.</summary>
internal readonly struct Float32Weights : IPackedWeights<float>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Narrow(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(ref float w, nint offset) => Unsafe.Add(ref w, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load128(ref float w, nint offset) => Vector128.LoadUnsafe(ref w, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load512(ref float w, nint offset) => Vector512.LoadUnsafe(ref w, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair512(ref float w, nint offset, out Vector512<float> first, out Vector512<float> second)
    {
        first = Vector512.LoadUnsafe(ref w, (nuint)offset);
        second = Vector512.LoadUnsafe(ref w, (nuint)(offset + 16));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OrderPair512(ref float values, out Vector512<float> first, out Vector512<float> second)
    {
        first = Vector512.LoadUnsafe(ref values);
        second = Vector512.LoadUnsafe(ref values, 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StorePair512(PackedLayerEpilogue epilogue, Vector512<float> first, Vector512<float> second, ref float y)
    {
        epilogue.Apply(first).StoreUnsafe(ref y);
        epilogue.Apply(second).StoreUnsafe(ref y, 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair256(ref float w, nint offset, out Vector256<float> first, out Vector256<float> second)
    {
        first = Vector256.LoadUnsafe(ref w, (nuint)offset);
        second = Vector256.LoadUnsafe(ref w, (nuint)(offset + 8));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OrderPair256(ref float values, out Vector256<float> first, out Vector256<float> second)
    {
        first = Vector256.LoadUnsafe(ref values);
        second = Vector256.LoadUnsafe(ref values, 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StorePair256(PackedLayerEpilogue epilogue, Vector256<float> first, Vector256<float> second, ref float y)
    {
        epilogue.Apply(first).StoreUnsafe(ref y);
        epilogue.Apply(second).StoreUnsafe(ref y, 8);
    }
}
