using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdBackprop.Kernels.MatrixProducts.MicroKernels;

internal static partial class GemmMicroKernel
{
    /// <summary>
    /// 256-bit tier: a 6×16 register tile. 6 rows × 2 Vector256 = 12 accumulators, plus 2 B vectors and one
    /// broadcast = 15 of the 16 ymm registers an AVX2 machine has (the classic Haswell tile of BLIS).
    /// </summary>
    internal readonly struct V256 : IGemmKernel<Vector256<float>>
    {
        public static int MR => 6;

        public static int NR => 16;

        public static GemmBlocking Blocking { get; } = GemmBlocking.SixteenRegisters(MR, NR, CacheSizes.Current);

        public static int Width => 8;

        public static Vector256<float> Zero => Vector256<float>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load(ref float source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector256<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) =>
            Vector256.FusedMultiplyAdd(a, b, addend);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sum(Vector256<float> value) => Vector256.Sum(value);

        /// <summary>
        /// Three horizontal adds leave [Σa₀…₃, Σb₀…₃, Σc₀…₃, Σd₀…₃ | the same over lanes 4…7]; adding the two
        /// 128-bit halves finishes all four sums (6 instructions where four reductions take about 20).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Sum4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d)
        {
            if (!Avx.IsSupported)
            {
                return Vector128.Create(Vector256.Sum(a), Vector256.Sum(b), Vector256.Sum(c), Vector256.Sum(d));
            }

            Vector256<float> quads = Avx.HorizontalAdd(Avx.HorizontalAdd(a, b), Avx.HorizontalAdd(c, d));
            return quads.GetLower() + quads.GetUpper();
        }

        /// <summary>One full 6×16 tile: C = α·Ã·B̃ + β·C over kc steps of the packed micro-panels
        /// (Ã: kc×6, B̃: kc×16, both k-major). β = 0: C is only written.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Tile(nuint kc, ref float aPanel, ref float bPanel, ref float c, nuint ldc, float alpha, float beta)
        {
            // 12 accumulators + 2 B vectors + 1 broadcast of A: all in registers (no spills).
            Vector256<float> c00 = default, c01 = default;
            Vector256<float> c10 = default, c11 = default;
            Vector256<float> c20 = default, c21 = default;
            Vector256<float> c30 = default, c31 = default;
            Vector256<float> c40 = default, c41 = default;
            Vector256<float> c50 = default, c51 = default;
            ref float a = ref aPanel;
            ref float b = ref bPanel;
            for (nuint p = 0; p < kc; p++)
            {
                Vector256<float> b0 = Vector256.LoadUnsafe(ref b, 0);
                Vector256<float> b1 = Vector256.LoadUnsafe(ref b, 8);
                Vector256<float> ai = Vector256.Create(Unsafe.Add(ref a, 0));
                c00 = MulAdd(ai, b0, c00);
                c01 = MulAdd(ai, b1, c01);
                ai = Vector256.Create(Unsafe.Add(ref a, 1));
                c10 = MulAdd(ai, b0, c10);
                c11 = MulAdd(ai, b1, c11);
                ai = Vector256.Create(Unsafe.Add(ref a, 2));
                c20 = MulAdd(ai, b0, c20);
                c21 = MulAdd(ai, b1, c21);
                ai = Vector256.Create(Unsafe.Add(ref a, 3));
                c30 = MulAdd(ai, b0, c30);
                c31 = MulAdd(ai, b1, c31);
                ai = Vector256.Create(Unsafe.Add(ref a, 4));
                c40 = MulAdd(ai, b0, c40);
                c41 = MulAdd(ai, b1, c41);
                ai = Vector256.Create(Unsafe.Add(ref a, 5));
                c50 = MulAdd(ai, b0, c50);
                c51 = MulAdd(ai, b1, c51);
                a = ref Unsafe.Add(ref a, 6);
                b = ref Unsafe.Add(ref b, 16);
            }

            Vector256<float> alphaV = Vector256.Create(alpha);
            if (beta == 0)
            {
                ref float r0 = ref c;
                (c00 * alphaV).StoreUnsafe(ref r0, 0);
                (c01 * alphaV).StoreUnsafe(ref r0, 8);
                ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
                (c10 * alphaV).StoreUnsafe(ref r1, 0);
                (c11 * alphaV).StoreUnsafe(ref r1, 8);
                ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
                (c20 * alphaV).StoreUnsafe(ref r2, 0);
                (c21 * alphaV).StoreUnsafe(ref r2, 8);
                ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
                (c30 * alphaV).StoreUnsafe(ref r3, 0);
                (c31 * alphaV).StoreUnsafe(ref r3, 8);
                ref float r4 = ref Unsafe.Add(ref c, 4 * ldc);
                (c40 * alphaV).StoreUnsafe(ref r4, 0);
                (c41 * alphaV).StoreUnsafe(ref r4, 8);
                ref float r5 = ref Unsafe.Add(ref c, 5 * ldc);
                (c50 * alphaV).StoreUnsafe(ref r5, 0);
                (c51 * alphaV).StoreUnsafe(ref r5, 8);
            }
            else
            {
                Vector256<float> betaV = Vector256.Create(beta);
                ref float r0 = ref c;
                MulAdd(c00, alphaV, Vector256.LoadUnsafe(ref r0, 0) * betaV).StoreUnsafe(ref r0, 0);
                MulAdd(c01, alphaV, Vector256.LoadUnsafe(ref r0, 8) * betaV).StoreUnsafe(ref r0, 8);
                ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
                MulAdd(c10, alphaV, Vector256.LoadUnsafe(ref r1, 0) * betaV).StoreUnsafe(ref r1, 0);
                MulAdd(c11, alphaV, Vector256.LoadUnsafe(ref r1, 8) * betaV).StoreUnsafe(ref r1, 8);
                ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
                MulAdd(c20, alphaV, Vector256.LoadUnsafe(ref r2, 0) * betaV).StoreUnsafe(ref r2, 0);
                MulAdd(c21, alphaV, Vector256.LoadUnsafe(ref r2, 8) * betaV).StoreUnsafe(ref r2, 8);
                ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
                MulAdd(c30, alphaV, Vector256.LoadUnsafe(ref r3, 0) * betaV).StoreUnsafe(ref r3, 0);
                MulAdd(c31, alphaV, Vector256.LoadUnsafe(ref r3, 8) * betaV).StoreUnsafe(ref r3, 8);
                ref float r4 = ref Unsafe.Add(ref c, 4 * ldc);
                MulAdd(c40, alphaV, Vector256.LoadUnsafe(ref r4, 0) * betaV).StoreUnsafe(ref r4, 0);
                MulAdd(c41, alphaV, Vector256.LoadUnsafe(ref r4, 8) * betaV).StoreUnsafe(ref r4, 8);
                ref float r5 = ref Unsafe.Add(ref c, 5 * ldc);
                MulAdd(c50, alphaV, Vector256.LoadUnsafe(ref r5, 0) * betaV).StoreUnsafe(ref r5, 0);
                MulAdd(c51, alphaV, Vector256.LoadUnsafe(ref r5, 8) * betaV).StoreUnsafe(ref r5, 8);
            }
        }
    }
}
