using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.MatrixProducts.MicroKernels;

internal static partial class GemmMicroKernel
{
    /// <summary>
    /// 512-bit tier: a 12×32 register tile. 12 rows × 2 Vector512 = 24 accumulators, plus 2 B vectors and
    /// one broadcast A value = 27 of the 32 zmm registers (16×32 would need 35 and spills on .NET 10).
    /// Each k step does 2 loads of B, 12 broadcasts and 24 FMAs: FMA-bound, not load-bound. 12 rows rather
    /// than 14 because batches are powers of two: 32 rows fill 32/36 of three 12-row tiles but only 32/42 of
    /// three 14-row tiles.
    /// </summary>
    internal readonly partial struct V512 : IGemmKernel<Vector512<float>>
    {
        public static int MR => 12;

        public static int NR => 32;

        public static GemmBlocking Blocking { get; } = GemmBlocking.ThirtyTwoRegisters(MR, NR, CacheSizes.Current, GemmBlocking.MisalignedBRule.ShallowOrFewRows, misalignedMaxRows: 192);

        public static int Width => 16;

        public static Vector512<float> Zero => Vector512<float>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load(ref float source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector512<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> addend) =>
            Vector512.FusedMultiplyAdd(a, b, addend);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sum(Vector512<float> value) => Vector512.Sum(value);

        /// <summary>Halves each vector (upper 256 bits onto lower), then the 256-bit tree.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Sum4(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d) =>
            V256.Sum4(a.GetLower() + a.GetUpper(), b.GetLower() + b.GetUpper(), c.GetLower() + c.GetUpper(), d.GetLower() + d.GetUpper());
    }
}
