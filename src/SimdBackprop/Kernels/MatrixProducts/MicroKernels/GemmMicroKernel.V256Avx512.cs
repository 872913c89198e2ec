using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.MatrixProducts.MicroKernels;

internal static partial class GemmMicroKernel
{
    /// <summary>
    /// 256-bit tier on a machine with AVX-512 (the JIT runs 256-bit code there with EVEX encodings and all 32
    /// ymm registers, e.g. under <c>DOTNET_PreferredVectorBitWidth=256</c>): a 6×32 register tile, 24
    /// accumulators + 4 B vectors + 1 broadcast = 29 of 32 registers. Per k step: 4 loads of B and 6
    /// broadcasts for 24 FMAs, one broadcast per 4 FMAs where 6×16 needs one per 2: the broadcasts, not the
    /// accumulator count, hold the narrower tiles back.
    /// On an AVX2 machine (16 registers) 6×32 spills; <see cref="V256"/>'s 6×16 stays there.
    /// </summary>
    internal readonly partial struct V256Avx512 : IGemmKernel<Vector256<float>>
    {
        public static int MR => 6;

        public static int NR => 32;

        public static GemmBlocking Blocking { get; } = GemmBlocking.ThirtyTwoRegisters(MR, NR, CacheSizes.Current, GemmBlocking.MisalignedBRule.ShallowAndFewRows, misalignedMaxRows: 256);

        public static int Width => 8;

        public static Vector256<float> Zero => Vector256<float>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load(ref float source, nuint offset) => V256.Load(ref source, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector256<float> value, ref float destination, nuint offset) => V256.Store(value, ref destination, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Broadcast(float value) => V256.Broadcast(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) => V256.MulAdd(a, b, addend);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sum(Vector256<float> value) => Vector256.Sum(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Sum4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d) => V256.Sum4(a, b, c, d);
    }
}
