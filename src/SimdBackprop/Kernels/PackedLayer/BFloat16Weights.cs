using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
    public static Vector512<float> Load512(ref ushort w, nint offset) =>
        Vector512.ShiftLeft(Vector512.WidenLower(Vector256.LoadUnsafe(ref w, (nuint)offset).ToVector512Unsafe()), 16).AsSingle();

    /// <summary>32 bf16 weights are 16 uints: row 2j in the low half of uint j, row 2j + 1 in the high half.
    /// A shift gives the even rows, a mask the odd rows, both exact float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair512(ref ushort w, nint offset, out Vector512<float> first, out Vector512<float> second)
    {
        Vector512<uint> pairs = Vector512.LoadUnsafe(ref Unsafe.As<ushort, uint>(ref Unsafe.Add(ref w, offset)));
        first = Vector512.ShiftLeft(pairs, 16).AsSingle();
        second = (pairs & Vector512.Create(0xFFFF0000u)).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OrderPair512(ref float values, out Vector512<float> first, out Vector512<float> second)
    {
        Vector512<float> low = Vector512.LoadUnsafe(ref values), high = Vector512.LoadUnsafe(ref values, 16);
        first = Permute(low, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), high);
        second = Permute(low, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StorePair512(PackedLayerEpilogue epilogue, Vector512<float> first, Vector512<float> second, ref float y)
    {
        Vector512<float> even = epilogue.Apply(first), odd = epilogue.Apply(second);
        Permute(even, Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23), odd).StoreUnsafe(ref y);
        Permute(even, Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31), odd).StoreUnsafe(ref y, 16);
    }

    /// <summary>16 bf16 weights as 8 uints, split into even and odd rows by a shift and a mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair256(ref ushort w, nint offset, out Vector256<float> first, out Vector256<float> second)
    {
        Vector256<uint> pairs = Vector256.LoadUnsafe(ref Unsafe.As<ushort, uint>(ref Unsafe.Add(ref w, offset)));
        first = Vector256.ShiftLeft(pairs, 16).AsSingle();
        second = (pairs & Vector256.Create(0xFFFF0000u)).AsSingle();
    }

    /// <summary>Once per tile: the even and odd entries of 16 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OrderPair256(ref float values, out Vector256<float> first, out Vector256<float> second)
    {
        first = Vector256.Create(
            values, Unsafe.Add(ref values, 2), Unsafe.Add(ref values, 4), Unsafe.Add(ref values, 6),
            Unsafe.Add(ref values, 8), Unsafe.Add(ref values, 10), Unsafe.Add(ref values, 12), Unsafe.Add(ref values, 14));
        second = Vector256.Create(
            Unsafe.Add(ref values, 1), Unsafe.Add(ref values, 3), Unsafe.Add(ref values, 5), Unsafe.Add(ref values, 7),
            Unsafe.Add(ref values, 9), Unsafe.Add(ref values, 11), Unsafe.Add(ref values, 13), Unsafe.Add(ref values, 15));
    }

    /// <summary>Interleaves even and odd rows back: unpack within 128-bit lanes, then swap the lanes into place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StorePair256(PackedLayerEpilogue epilogue, Vector256<float> first, Vector256<float> second, ref float y)
    {
        Vector256<float> even = epilogue.Apply(first), odd = epilogue.Apply(second);
        if (Avx.IsSupported)
        {
            Vector256<float> low = Avx.UnpackLow(even, odd), high = Avx.UnpackHigh(even, odd); // [e0 o0 e1 o1 | e4 o4 e5 o5], [e2 o2 e3 o3 | e6 o6 e7 o7]
            Avx.Permute2x128(low, high, 0x20).StoreUnsafe(ref y);
            Avx.Permute2x128(low, high, 0x31).StoreUnsafe(ref y, 8);
            return;
        }

        for (int i = 0; i < 8; i++)
        {
            Unsafe.Add(ref y, 2 * i) = even[i];
            Unsafe.Add(ref y, (2 * i) + 1) = odd[i];
        }
    }

    /// <summary>Lane i of the result is lane indices[i] of the 32 lanes (a, b): vpermt2ps where AVX-512 exists.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Permute(Vector512<float> a, Vector512<int> indices, Vector512<float> b)
    {
        if (Avx512F.IsSupported)
        {
            return Avx512F.PermuteVar16x32x2(a, indices, b);
        }

        Span<float> lanes = stackalloc float[32];
        a.StoreUnsafe(ref lanes[0]);
        b.StoreUnsafe(ref lanes[16]);
        Span<float> result = stackalloc float[16];
        for (int i = 0; i < 16; i++)
        {
            result[i] = lanes[indices[i]];
        }

        return Vector512.LoadUnsafe(ref result[0]);
    }
}
