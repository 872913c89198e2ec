using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.MathFunctions;

namespace SimdBackprop.Kernels.PackedLayer;

/// <summary>
/// θ stored as bfloat16 (<see cref="BFloat16"/>): half the bytes to stream. A load zero-extends each 16-bit
/// weight to 32 bits (vpmovzxwd on x64) and shifts it into the upper half: the exact float32 it stands for.
/// </summary>
internal readonly struct BFloat16Weights : IPackedWeights<ushort>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Narrow(float value) => BFloat16.Round(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(ref ushort w, nint offset) => BFloat16.Widen(Unsafe.Add(ref w, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load128(ref ushort w, nint offset)
    {
        Vector128<ushort> four = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref w, offset)))).AsUInt16();
        return Vector128.ShiftLeft(Vector128.WidenLower(four), 16).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load256(ref ushort w, nint offset) =>
        Vector256.ShiftLeft(Vector256.WidenLower(Vector128.LoadUnsafe(ref w, (nuint)offset).ToVector256Unsafe()), 16).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load512(ref ushort w, nint offset) =>
        Vector512.ShiftLeft(Vector512.WidenLower(Vector256.LoadUnsafe(ref w, (nuint)offset).ToVector512Unsafe()), 16).AsSingle();
}
