using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdBackprop.Kernels;

internal static partial class GemmMicroKernel
{
    /// <summary>
    /// 512-bit tier: a 12×32 register tile. 12 rows × 2 Vector512 = 24 accumulators, plus 2 B vectors and
    /// one broadcast A value = 27 of the 32 zmm registers (16×32 would need 35 and spills on .NET 10).
    /// Each k step does 2 loads of B, 12 broadcasts and 24 FMAs: FMA-bound, not load-bound. 12 rows rather
    /// than 14 because batches are powers of two: 32 rows fill 32/36 of three 12-row tiles but only 32/42 of
    /// three 14-row tiles (measured here: batch-32 forward 224 µs with 14×32, 183 µs with 12×32; 1024³ equal).
    /// </summary>
    /// <remarks>
    /// Blocking for Zen 5 (48 KiB L1d, 1 MiB L2 per core):
    /// KC = 512: an A micro-panel KC×MR = 512·12·4 B = 24 KiB sits in L1 (half of 48 KiB); the B micro-panel
    /// KC×NR = 512·32·4 B = 64 KiB is reused from L2 for every A micro-panel of the block and streams in at
    /// 128 B per k step (24 FMAs), far below L2 bandwidth. Measured against KC = 256 (the B micro-panel in
    /// L1 at 32 KiB): 512 was ~10 % faster at 1024³, because C is read and written half as often.
    /// Since raised to KC = 1024 (A micro-panel 48 KiB, B micro-panel 128 KiB from L2): same-process Stopwatch,
    /// best of 35, three runs: 1024³ 102 → 104–107 GFLOP/s, batch-1024 δ·W 100–101 → 104–106; shapes with
    /// k ≤ 1024 that already fit one slice unchanged.
    /// MC = 240 (20·MR): the packed A block MC×KC = 240·512·4 B = 480 KiB is half of L2, leaving the other
    /// half for the B micro-panel and the lines of C. NC = 4096: a KC×NC block of B (8 MiB) lives in L3.
    /// </remarks>
    internal readonly struct V512 : IGemmKernel<Vector512<float>>
    {
        public static int MR => 12;

        public static int NR => 32;

        public static int KC => 1024;

        public static int MC => 240;

        public static int NC => 4096;

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

        /// <summary>One full 12×32 tile: C = α·Ã·B̃ + β·C over kc steps of the packed micro-panels
        /// (Ã: kc×12, B̃: kc×32, both k-major). β = 0: C is only written.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Tile(nuint kc, ref float aPanel, ref float bPanel, ref float c, nuint ldc, float alpha, float beta)
        {
            // 24 accumulators + 2 B vectors + 1 broadcast of A: all in registers (no spills).
            Vector512<float> c00 = default, c01 = default;
            Vector512<float> c10 = default, c11 = default;
            Vector512<float> c20 = default, c21 = default;
            Vector512<float> c30 = default, c31 = default;
            Vector512<float> c40 = default, c41 = default;
            Vector512<float> c50 = default, c51 = default;
            Vector512<float> c60 = default, c61 = default;
            Vector512<float> c70 = default, c71 = default;
            Vector512<float> c80 = default, c81 = default;
            Vector512<float> c90 = default, c91 = default;
            Vector512<float> c100 = default, c101 = default;
            Vector512<float> c110 = default, c111 = default;
            ref float a = ref aPanel;
            ref float b = ref bPanel;
            for (nuint p = 0; p < kc; p++)
            {
                Vector512<float> b0 = Vector512.LoadUnsafe(ref b, 0);
                Vector512<float> b1 = Vector512.LoadUnsafe(ref b, 16);
                Vector512<float> ai = Vector512.Create(Unsafe.Add(ref a, 0));
                c00 = MulAdd(ai, b0, c00);
                c01 = MulAdd(ai, b1, c01);
                ai = Vector512.Create(Unsafe.Add(ref a, 1));
                c10 = MulAdd(ai, b0, c10);
                c11 = MulAdd(ai, b1, c11);
                ai = Vector512.Create(Unsafe.Add(ref a, 2));
                c20 = MulAdd(ai, b0, c20);
                c21 = MulAdd(ai, b1, c21);
                ai = Vector512.Create(Unsafe.Add(ref a, 3));
                c30 = MulAdd(ai, b0, c30);
                c31 = MulAdd(ai, b1, c31);
                ai = Vector512.Create(Unsafe.Add(ref a, 4));
                c40 = MulAdd(ai, b0, c40);
                c41 = MulAdd(ai, b1, c41);
                ai = Vector512.Create(Unsafe.Add(ref a, 5));
                c50 = MulAdd(ai, b0, c50);
                c51 = MulAdd(ai, b1, c51);
                ai = Vector512.Create(Unsafe.Add(ref a, 6));
                c60 = MulAdd(ai, b0, c60);
                c61 = MulAdd(ai, b1, c61);
                ai = Vector512.Create(Unsafe.Add(ref a, 7));
                c70 = MulAdd(ai, b0, c70);
                c71 = MulAdd(ai, b1, c71);
                ai = Vector512.Create(Unsafe.Add(ref a, 8));
                c80 = MulAdd(ai, b0, c80);
                c81 = MulAdd(ai, b1, c81);
                ai = Vector512.Create(Unsafe.Add(ref a, 9));
                c90 = MulAdd(ai, b0, c90);
                c91 = MulAdd(ai, b1, c91);
                ai = Vector512.Create(Unsafe.Add(ref a, 10));
                c100 = MulAdd(ai, b0, c100);
                c101 = MulAdd(ai, b1, c101);
                ai = Vector512.Create(Unsafe.Add(ref a, 11));
                c110 = MulAdd(ai, b0, c110);
                c111 = MulAdd(ai, b1, c111);
                a = ref Unsafe.Add(ref a, 12);
                b = ref Unsafe.Add(ref b, 32);
            }

            Vector512<float> alphaV = Vector512.Create(alpha);
            if (beta == 0)
            {
                ref float r0 = ref c;
                (c00 * alphaV).StoreUnsafe(ref r0, 0);
                (c01 * alphaV).StoreUnsafe(ref r0, 16);
                ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
                (c10 * alphaV).StoreUnsafe(ref r1, 0);
                (c11 * alphaV).StoreUnsafe(ref r1, 16);
                ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
                (c20 * alphaV).StoreUnsafe(ref r2, 0);
                (c21 * alphaV).StoreUnsafe(ref r2, 16);
                ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
                (c30 * alphaV).StoreUnsafe(ref r3, 0);
                (c31 * alphaV).StoreUnsafe(ref r3, 16);
                ref float r4 = ref Unsafe.Add(ref c, 4 * ldc);
                (c40 * alphaV).StoreUnsafe(ref r4, 0);
                (c41 * alphaV).StoreUnsafe(ref r4, 16);
                ref float r5 = ref Unsafe.Add(ref c, 5 * ldc);
                (c50 * alphaV).StoreUnsafe(ref r5, 0);
                (c51 * alphaV).StoreUnsafe(ref r5, 16);
                ref float r6 = ref Unsafe.Add(ref c, 6 * ldc);
                (c60 * alphaV).StoreUnsafe(ref r6, 0);
                (c61 * alphaV).StoreUnsafe(ref r6, 16);
                ref float r7 = ref Unsafe.Add(ref c, 7 * ldc);
                (c70 * alphaV).StoreUnsafe(ref r7, 0);
                (c71 * alphaV).StoreUnsafe(ref r7, 16);
                ref float r8 = ref Unsafe.Add(ref c, 8 * ldc);
                (c80 * alphaV).StoreUnsafe(ref r8, 0);
                (c81 * alphaV).StoreUnsafe(ref r8, 16);
                ref float r9 = ref Unsafe.Add(ref c, 9 * ldc);
                (c90 * alphaV).StoreUnsafe(ref r9, 0);
                (c91 * alphaV).StoreUnsafe(ref r9, 16);
                ref float r10 = ref Unsafe.Add(ref c, 10 * ldc);
                (c100 * alphaV).StoreUnsafe(ref r10, 0);
                (c101 * alphaV).StoreUnsafe(ref r10, 16);
                ref float r11 = ref Unsafe.Add(ref c, 11 * ldc);
                (c110 * alphaV).StoreUnsafe(ref r11, 0);
                (c111 * alphaV).StoreUnsafe(ref r11, 16);
            }
            else
            {
                Vector512<float> betaV = Vector512.Create(beta);
                ref float r0 = ref c;
                MulAdd(c00, alphaV, Vector512.LoadUnsafe(ref r0, 0) * betaV).StoreUnsafe(ref r0, 0);
                MulAdd(c01, alphaV, Vector512.LoadUnsafe(ref r0, 16) * betaV).StoreUnsafe(ref r0, 16);
                ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
                MulAdd(c10, alphaV, Vector512.LoadUnsafe(ref r1, 0) * betaV).StoreUnsafe(ref r1, 0);
                MulAdd(c11, alphaV, Vector512.LoadUnsafe(ref r1, 16) * betaV).StoreUnsafe(ref r1, 16);
                ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
                MulAdd(c20, alphaV, Vector512.LoadUnsafe(ref r2, 0) * betaV).StoreUnsafe(ref r2, 0);
                MulAdd(c21, alphaV, Vector512.LoadUnsafe(ref r2, 16) * betaV).StoreUnsafe(ref r2, 16);
                ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
                MulAdd(c30, alphaV, Vector512.LoadUnsafe(ref r3, 0) * betaV).StoreUnsafe(ref r3, 0);
                MulAdd(c31, alphaV, Vector512.LoadUnsafe(ref r3, 16) * betaV).StoreUnsafe(ref r3, 16);
                ref float r4 = ref Unsafe.Add(ref c, 4 * ldc);
                MulAdd(c40, alphaV, Vector512.LoadUnsafe(ref r4, 0) * betaV).StoreUnsafe(ref r4, 0);
                MulAdd(c41, alphaV, Vector512.LoadUnsafe(ref r4, 16) * betaV).StoreUnsafe(ref r4, 16);
                ref float r5 = ref Unsafe.Add(ref c, 5 * ldc);
                MulAdd(c50, alphaV, Vector512.LoadUnsafe(ref r5, 0) * betaV).StoreUnsafe(ref r5, 0);
                MulAdd(c51, alphaV, Vector512.LoadUnsafe(ref r5, 16) * betaV).StoreUnsafe(ref r5, 16);
                ref float r6 = ref Unsafe.Add(ref c, 6 * ldc);
                MulAdd(c60, alphaV, Vector512.LoadUnsafe(ref r6, 0) * betaV).StoreUnsafe(ref r6, 0);
                MulAdd(c61, alphaV, Vector512.LoadUnsafe(ref r6, 16) * betaV).StoreUnsafe(ref r6, 16);
                ref float r7 = ref Unsafe.Add(ref c, 7 * ldc);
                MulAdd(c70, alphaV, Vector512.LoadUnsafe(ref r7, 0) * betaV).StoreUnsafe(ref r7, 0);
                MulAdd(c71, alphaV, Vector512.LoadUnsafe(ref r7, 16) * betaV).StoreUnsafe(ref r7, 16);
                ref float r8 = ref Unsafe.Add(ref c, 8 * ldc);
                MulAdd(c80, alphaV, Vector512.LoadUnsafe(ref r8, 0) * betaV).StoreUnsafe(ref r8, 0);
                MulAdd(c81, alphaV, Vector512.LoadUnsafe(ref r8, 16) * betaV).StoreUnsafe(ref r8, 16);
                ref float r9 = ref Unsafe.Add(ref c, 9 * ldc);
                MulAdd(c90, alphaV, Vector512.LoadUnsafe(ref r9, 0) * betaV).StoreUnsafe(ref r9, 0);
                MulAdd(c91, alphaV, Vector512.LoadUnsafe(ref r9, 16) * betaV).StoreUnsafe(ref r9, 16);
                ref float r10 = ref Unsafe.Add(ref c, 10 * ldc);
                MulAdd(c100, alphaV, Vector512.LoadUnsafe(ref r10, 0) * betaV).StoreUnsafe(ref r10, 0);
                MulAdd(c101, alphaV, Vector512.LoadUnsafe(ref r10, 16) * betaV).StoreUnsafe(ref r10, 16);
                ref float r11 = ref Unsafe.Add(ref c, 11 * ldc);
                MulAdd(c110, alphaV, Vector512.LoadUnsafe(ref r11, 0) * betaV).StoreUnsafe(ref r11, 0);
                MulAdd(c111, alphaV, Vector512.LoadUnsafe(ref r11, 16) * betaV).StoreUnsafe(ref r11, 16);
            }
        }

        /// <summary>Rows 8 and 4 of a partial row block (a batch of 32 is 12 + 12 + 8 rows) straight into C.</summary>
        public static bool ShortTile(int rows, nuint kc, ref float aPanel, ref float bPanel, ref float c, nuint ldc, float alpha, float beta)
        {
            if (rows == 8)
            {
                Tile8(kc, ref aPanel, ref bPanel, ref c, ldc, alpha, beta);
                return true;
            }

            if (rows == 4)
            {
                Tile4(kc, ref aPanel, ref bPanel, ref c, ldc, alpha, beta);
                return true;
            }

            return false;
        }

        /// <summary>One 8×32 tile: C = α·Ã·B̃ + β·C over kc steps of the packed micro-panels
        /// (Ã: kc×12, first 8 columns used; B̃: kc×32; both k-major). β = 0: C is only written.
        /// Generated by Generator/gemm_tile.py.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Tile8(nuint kc, ref float aPanel, ref float bPanel, ref float c, nuint ldc, float alpha, float beta)
        {
            // 16 accumulators + 2 B vectors + 1 broadcast of A = 19 registers.
            Vector512<float> c0_0 = default, c0_1 = default;
            Vector512<float> c1_0 = default, c1_1 = default;
            Vector512<float> c2_0 = default, c2_1 = default;
            Vector512<float> c3_0 = default, c3_1 = default;
            Vector512<float> c4_0 = default, c4_1 = default;
            Vector512<float> c5_0 = default, c5_1 = default;
            Vector512<float> c6_0 = default, c6_1 = default;
            Vector512<float> c7_0 = default, c7_1 = default;
            ref float a = ref aPanel;
            ref float b = ref bPanel;
            for (nuint p = 0; p < kc; p++)
            {
                Vector512<float> b0 = Vector512.LoadUnsafe(ref b, 0);
                Vector512<float> b1 = Vector512.LoadUnsafe(ref b, 16);
                Vector512<float> ai = Vector512.Create(Unsafe.Add(ref a, 0));
                c0_0 = Vector512.FusedMultiplyAdd(ai, b0, c0_0);
                c0_1 = Vector512.FusedMultiplyAdd(ai, b1, c0_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 1));
                c1_0 = Vector512.FusedMultiplyAdd(ai, b0, c1_0);
                c1_1 = Vector512.FusedMultiplyAdd(ai, b1, c1_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 2));
                c2_0 = Vector512.FusedMultiplyAdd(ai, b0, c2_0);
                c2_1 = Vector512.FusedMultiplyAdd(ai, b1, c2_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 3));
                c3_0 = Vector512.FusedMultiplyAdd(ai, b0, c3_0);
                c3_1 = Vector512.FusedMultiplyAdd(ai, b1, c3_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 4));
                c4_0 = Vector512.FusedMultiplyAdd(ai, b0, c4_0);
                c4_1 = Vector512.FusedMultiplyAdd(ai, b1, c4_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 5));
                c5_0 = Vector512.FusedMultiplyAdd(ai, b0, c5_0);
                c5_1 = Vector512.FusedMultiplyAdd(ai, b1, c5_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 6));
                c6_0 = Vector512.FusedMultiplyAdd(ai, b0, c6_0);
                c6_1 = Vector512.FusedMultiplyAdd(ai, b1, c6_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 7));
                c7_0 = Vector512.FusedMultiplyAdd(ai, b0, c7_0);
                c7_1 = Vector512.FusedMultiplyAdd(ai, b1, c7_1);
                a = ref Unsafe.Add(ref a, 12);
                b = ref Unsafe.Add(ref b, 32);
            }

            Vector512<float> alphaV = Vector512.Create(alpha);
            if (beta == 0)
            {
                ref float r0 = ref Unsafe.Add(ref c, 0 * ldc);
                (c0_0 * alphaV).StoreUnsafe(ref r0, 0);
                (c0_1 * alphaV).StoreUnsafe(ref r0, 16);
                ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
                (c1_0 * alphaV).StoreUnsafe(ref r1, 0);
                (c1_1 * alphaV).StoreUnsafe(ref r1, 16);
                ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
                (c2_0 * alphaV).StoreUnsafe(ref r2, 0);
                (c2_1 * alphaV).StoreUnsafe(ref r2, 16);
                ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
                (c3_0 * alphaV).StoreUnsafe(ref r3, 0);
                (c3_1 * alphaV).StoreUnsafe(ref r3, 16);
                ref float r4 = ref Unsafe.Add(ref c, 4 * ldc);
                (c4_0 * alphaV).StoreUnsafe(ref r4, 0);
                (c4_1 * alphaV).StoreUnsafe(ref r4, 16);
                ref float r5 = ref Unsafe.Add(ref c, 5 * ldc);
                (c5_0 * alphaV).StoreUnsafe(ref r5, 0);
                (c5_1 * alphaV).StoreUnsafe(ref r5, 16);
                ref float r6 = ref Unsafe.Add(ref c, 6 * ldc);
                (c6_0 * alphaV).StoreUnsafe(ref r6, 0);
                (c6_1 * alphaV).StoreUnsafe(ref r6, 16);
                ref float r7 = ref Unsafe.Add(ref c, 7 * ldc);
                (c7_0 * alphaV).StoreUnsafe(ref r7, 0);
                (c7_1 * alphaV).StoreUnsafe(ref r7, 16);
            }
            else
            {
                Vector512<float> betaV = Vector512.Create(beta);
                ref float r0 = ref Unsafe.Add(ref c, 0 * ldc);
                Vector512.FusedMultiplyAdd(c0_0, alphaV, Vector512.LoadUnsafe(ref r0, 0) * betaV).StoreUnsafe(ref r0, 0);
                Vector512.FusedMultiplyAdd(c0_1, alphaV, Vector512.LoadUnsafe(ref r0, 16) * betaV).StoreUnsafe(ref r0, 16);
                ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
                Vector512.FusedMultiplyAdd(c1_0, alphaV, Vector512.LoadUnsafe(ref r1, 0) * betaV).StoreUnsafe(ref r1, 0);
                Vector512.FusedMultiplyAdd(c1_1, alphaV, Vector512.LoadUnsafe(ref r1, 16) * betaV).StoreUnsafe(ref r1, 16);
                ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
                Vector512.FusedMultiplyAdd(c2_0, alphaV, Vector512.LoadUnsafe(ref r2, 0) * betaV).StoreUnsafe(ref r2, 0);
                Vector512.FusedMultiplyAdd(c2_1, alphaV, Vector512.LoadUnsafe(ref r2, 16) * betaV).StoreUnsafe(ref r2, 16);
                ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
                Vector512.FusedMultiplyAdd(c3_0, alphaV, Vector512.LoadUnsafe(ref r3, 0) * betaV).StoreUnsafe(ref r3, 0);
                Vector512.FusedMultiplyAdd(c3_1, alphaV, Vector512.LoadUnsafe(ref r3, 16) * betaV).StoreUnsafe(ref r3, 16);
                ref float r4 = ref Unsafe.Add(ref c, 4 * ldc);
                Vector512.FusedMultiplyAdd(c4_0, alphaV, Vector512.LoadUnsafe(ref r4, 0) * betaV).StoreUnsafe(ref r4, 0);
                Vector512.FusedMultiplyAdd(c4_1, alphaV, Vector512.LoadUnsafe(ref r4, 16) * betaV).StoreUnsafe(ref r4, 16);
                ref float r5 = ref Unsafe.Add(ref c, 5 * ldc);
                Vector512.FusedMultiplyAdd(c5_0, alphaV, Vector512.LoadUnsafe(ref r5, 0) * betaV).StoreUnsafe(ref r5, 0);
                Vector512.FusedMultiplyAdd(c5_1, alphaV, Vector512.LoadUnsafe(ref r5, 16) * betaV).StoreUnsafe(ref r5, 16);
                ref float r6 = ref Unsafe.Add(ref c, 6 * ldc);
                Vector512.FusedMultiplyAdd(c6_0, alphaV, Vector512.LoadUnsafe(ref r6, 0) * betaV).StoreUnsafe(ref r6, 0);
                Vector512.FusedMultiplyAdd(c6_1, alphaV, Vector512.LoadUnsafe(ref r6, 16) * betaV).StoreUnsafe(ref r6, 16);
                ref float r7 = ref Unsafe.Add(ref c, 7 * ldc);
                Vector512.FusedMultiplyAdd(c7_0, alphaV, Vector512.LoadUnsafe(ref r7, 0) * betaV).StoreUnsafe(ref r7, 0);
                Vector512.FusedMultiplyAdd(c7_1, alphaV, Vector512.LoadUnsafe(ref r7, 16) * betaV).StoreUnsafe(ref r7, 16);
            }
        }

        /// <summary>One 4×32 tile: C = α·Ã·B̃ + β·C over kc steps of the packed micro-panels
        /// (Ã: kc×12, first 4 columns used; B̃: kc×32; both k-major). β = 0: C is only written.
        /// Generated by Generator/gemm_tile.py.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Tile4(nuint kc, ref float aPanel, ref float bPanel, ref float c, nuint ldc, float alpha, float beta)
        {
            // 8 accumulators + 2 B vectors + 1 broadcast of A = 11 registers.
            Vector512<float> c0_0 = default, c0_1 = default;
            Vector512<float> c1_0 = default, c1_1 = default;
            Vector512<float> c2_0 = default, c2_1 = default;
            Vector512<float> c3_0 = default, c3_1 = default;
            ref float a = ref aPanel;
            ref float b = ref bPanel;
            for (nuint p = 0; p < kc; p++)
            {
                Vector512<float> b0 = Vector512.LoadUnsafe(ref b, 0);
                Vector512<float> b1 = Vector512.LoadUnsafe(ref b, 16);
                Vector512<float> ai = Vector512.Create(Unsafe.Add(ref a, 0));
                c0_0 = Vector512.FusedMultiplyAdd(ai, b0, c0_0);
                c0_1 = Vector512.FusedMultiplyAdd(ai, b1, c0_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 1));
                c1_0 = Vector512.FusedMultiplyAdd(ai, b0, c1_0);
                c1_1 = Vector512.FusedMultiplyAdd(ai, b1, c1_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 2));
                c2_0 = Vector512.FusedMultiplyAdd(ai, b0, c2_0);
                c2_1 = Vector512.FusedMultiplyAdd(ai, b1, c2_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 3));
                c3_0 = Vector512.FusedMultiplyAdd(ai, b0, c3_0);
                c3_1 = Vector512.FusedMultiplyAdd(ai, b1, c3_1);
                a = ref Unsafe.Add(ref a, 12);
                b = ref Unsafe.Add(ref b, 32);
            }

            Vector512<float> alphaV = Vector512.Create(alpha);
            if (beta == 0)
            {
                ref float r0 = ref Unsafe.Add(ref c, 0 * ldc);
                (c0_0 * alphaV).StoreUnsafe(ref r0, 0);
                (c0_1 * alphaV).StoreUnsafe(ref r0, 16);
                ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
                (c1_0 * alphaV).StoreUnsafe(ref r1, 0);
                (c1_1 * alphaV).StoreUnsafe(ref r1, 16);
                ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
                (c2_0 * alphaV).StoreUnsafe(ref r2, 0);
                (c2_1 * alphaV).StoreUnsafe(ref r2, 16);
                ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
                (c3_0 * alphaV).StoreUnsafe(ref r3, 0);
                (c3_1 * alphaV).StoreUnsafe(ref r3, 16);
            }
            else
            {
                Vector512<float> betaV = Vector512.Create(beta);
                ref float r0 = ref Unsafe.Add(ref c, 0 * ldc);
                Vector512.FusedMultiplyAdd(c0_0, alphaV, Vector512.LoadUnsafe(ref r0, 0) * betaV).StoreUnsafe(ref r0, 0);
                Vector512.FusedMultiplyAdd(c0_1, alphaV, Vector512.LoadUnsafe(ref r0, 16) * betaV).StoreUnsafe(ref r0, 16);
                ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
                Vector512.FusedMultiplyAdd(c1_0, alphaV, Vector512.LoadUnsafe(ref r1, 0) * betaV).StoreUnsafe(ref r1, 0);
                Vector512.FusedMultiplyAdd(c1_1, alphaV, Vector512.LoadUnsafe(ref r1, 16) * betaV).StoreUnsafe(ref r1, 16);
                ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
                Vector512.FusedMultiplyAdd(c2_0, alphaV, Vector512.LoadUnsafe(ref r2, 0) * betaV).StoreUnsafe(ref r2, 0);
                Vector512.FusedMultiplyAdd(c2_1, alphaV, Vector512.LoadUnsafe(ref r2, 16) * betaV).StoreUnsafe(ref r2, 16);
                ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
                Vector512.FusedMultiplyAdd(c3_0, alphaV, Vector512.LoadUnsafe(ref r3, 0) * betaV).StoreUnsafe(ref r3, 0);
                Vector512.FusedMultiplyAdd(c3_1, alphaV, Vector512.LoadUnsafe(ref r3, 16) * betaV).StoreUnsafe(ref r3, 16);
            }
        }

        /// <summary>B read in place for blocks of 12-row tiles and one 8- or 4-row tile.</summary>
        public static bool CanReadBInPlace(int m) => m % MR is 0 or 8 or 4;

        public static void StridedBTile(int rows, nuint kc, ref float aPanel, ref float b, nuint ldb, ref float c, nuint ldc, float alpha, float beta)
        {
            switch (rows)
            {
                case 12: TileStridedB(kc, ref aPanel, ref b, ldb, ref c, ldc, alpha, beta); break;
                case 8: TileStridedB8(kc, ref aPanel, ref b, ldb, ref c, ldc, alpha, beta); break;
                default: TileStridedB4(kc, ref aPanel, ref b, ldb, ref c, ldc, alpha, beta); break;
            }
        }

        /// <summary>One 12×32 tile: C = α·Ã·B̃ + β·C over kc steps of the packed micro-panels
        /// (Ã: kc×12, first 12 columns used; B̃: kc×32; both k-major). β = 0: C is only written.
        /// Generated by Generator/gemm_tile.py.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void TileStridedB(nuint kc, ref float aPanel, ref float bPanel, nuint ldb, ref float c, nuint ldc, float alpha, float beta)
        {
            // 24 accumulators + 2 B vectors + 1 broadcast of A = 27 registers.
            Vector512<float> c0_0 = default, c0_1 = default;
            Vector512<float> c1_0 = default, c1_1 = default;
            Vector512<float> c2_0 = default, c2_1 = default;
            Vector512<float> c3_0 = default, c3_1 = default;
            Vector512<float> c4_0 = default, c4_1 = default;
            Vector512<float> c5_0 = default, c5_1 = default;
            Vector512<float> c6_0 = default, c6_1 = default;
            Vector512<float> c7_0 = default, c7_1 = default;
            Vector512<float> c8_0 = default, c8_1 = default;
            Vector512<float> c9_0 = default, c9_1 = default;
            Vector512<float> c10_0 = default, c10_1 = default;
            Vector512<float> c11_0 = default, c11_1 = default;
            ref float a = ref aPanel;
            ref float b = ref bPanel;
            for (nuint p = 0; p < kc; p++)
            {
                Vector512<float> b0 = Vector512.LoadUnsafe(ref b, 0);
                Vector512<float> b1 = Vector512.LoadUnsafe(ref b, 16);
                Vector512<float> ai = Vector512.Create(Unsafe.Add(ref a, 0));
                c0_0 = Vector512.FusedMultiplyAdd(ai, b0, c0_0);
                c0_1 = Vector512.FusedMultiplyAdd(ai, b1, c0_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 1));
                c1_0 = Vector512.FusedMultiplyAdd(ai, b0, c1_0);
                c1_1 = Vector512.FusedMultiplyAdd(ai, b1, c1_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 2));
                c2_0 = Vector512.FusedMultiplyAdd(ai, b0, c2_0);
                c2_1 = Vector512.FusedMultiplyAdd(ai, b1, c2_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 3));
                c3_0 = Vector512.FusedMultiplyAdd(ai, b0, c3_0);
                c3_1 = Vector512.FusedMultiplyAdd(ai, b1, c3_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 4));
                c4_0 = Vector512.FusedMultiplyAdd(ai, b0, c4_0);
                c4_1 = Vector512.FusedMultiplyAdd(ai, b1, c4_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 5));
                c5_0 = Vector512.FusedMultiplyAdd(ai, b0, c5_0);
                c5_1 = Vector512.FusedMultiplyAdd(ai, b1, c5_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 6));
                c6_0 = Vector512.FusedMultiplyAdd(ai, b0, c6_0);
                c6_1 = Vector512.FusedMultiplyAdd(ai, b1, c6_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 7));
                c7_0 = Vector512.FusedMultiplyAdd(ai, b0, c7_0);
                c7_1 = Vector512.FusedMultiplyAdd(ai, b1, c7_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 8));
                c8_0 = Vector512.FusedMultiplyAdd(ai, b0, c8_0);
                c8_1 = Vector512.FusedMultiplyAdd(ai, b1, c8_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 9));
                c9_0 = Vector512.FusedMultiplyAdd(ai, b0, c9_0);
                c9_1 = Vector512.FusedMultiplyAdd(ai, b1, c9_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 10));
                c10_0 = Vector512.FusedMultiplyAdd(ai, b0, c10_0);
                c10_1 = Vector512.FusedMultiplyAdd(ai, b1, c10_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 11));
                c11_0 = Vector512.FusedMultiplyAdd(ai, b0, c11_0);
                c11_1 = Vector512.FusedMultiplyAdd(ai, b1, c11_1);
                a = ref Unsafe.Add(ref a, 12);
                b = ref Unsafe.Add(ref b, ldb);
            }

            Vector512<float> alphaV = Vector512.Create(alpha);
            if (beta == 0)
            {
                ref float r0 = ref Unsafe.Add(ref c, 0 * ldc);
                (c0_0 * alphaV).StoreUnsafe(ref r0, 0);
                (c0_1 * alphaV).StoreUnsafe(ref r0, 16);
                ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
                (c1_0 * alphaV).StoreUnsafe(ref r1, 0);
                (c1_1 * alphaV).StoreUnsafe(ref r1, 16);
                ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
                (c2_0 * alphaV).StoreUnsafe(ref r2, 0);
                (c2_1 * alphaV).StoreUnsafe(ref r2, 16);
                ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
                (c3_0 * alphaV).StoreUnsafe(ref r3, 0);
                (c3_1 * alphaV).StoreUnsafe(ref r3, 16);
                ref float r4 = ref Unsafe.Add(ref c, 4 * ldc);
                (c4_0 * alphaV).StoreUnsafe(ref r4, 0);
                (c4_1 * alphaV).StoreUnsafe(ref r4, 16);
                ref float r5 = ref Unsafe.Add(ref c, 5 * ldc);
                (c5_0 * alphaV).StoreUnsafe(ref r5, 0);
                (c5_1 * alphaV).StoreUnsafe(ref r5, 16);
                ref float r6 = ref Unsafe.Add(ref c, 6 * ldc);
                (c6_0 * alphaV).StoreUnsafe(ref r6, 0);
                (c6_1 * alphaV).StoreUnsafe(ref r6, 16);
                ref float r7 = ref Unsafe.Add(ref c, 7 * ldc);
                (c7_0 * alphaV).StoreUnsafe(ref r7, 0);
                (c7_1 * alphaV).StoreUnsafe(ref r7, 16);
                ref float r8 = ref Unsafe.Add(ref c, 8 * ldc);
                (c8_0 * alphaV).StoreUnsafe(ref r8, 0);
                (c8_1 * alphaV).StoreUnsafe(ref r8, 16);
                ref float r9 = ref Unsafe.Add(ref c, 9 * ldc);
                (c9_0 * alphaV).StoreUnsafe(ref r9, 0);
                (c9_1 * alphaV).StoreUnsafe(ref r9, 16);
                ref float r10 = ref Unsafe.Add(ref c, 10 * ldc);
                (c10_0 * alphaV).StoreUnsafe(ref r10, 0);
                (c10_1 * alphaV).StoreUnsafe(ref r10, 16);
                ref float r11 = ref Unsafe.Add(ref c, 11 * ldc);
                (c11_0 * alphaV).StoreUnsafe(ref r11, 0);
                (c11_1 * alphaV).StoreUnsafe(ref r11, 16);
            }
            else
            {
                Vector512<float> betaV = Vector512.Create(beta);
                ref float r0 = ref Unsafe.Add(ref c, 0 * ldc);
                Vector512.FusedMultiplyAdd(c0_0, alphaV, Vector512.LoadUnsafe(ref r0, 0) * betaV).StoreUnsafe(ref r0, 0);
                Vector512.FusedMultiplyAdd(c0_1, alphaV, Vector512.LoadUnsafe(ref r0, 16) * betaV).StoreUnsafe(ref r0, 16);
                ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
                Vector512.FusedMultiplyAdd(c1_0, alphaV, Vector512.LoadUnsafe(ref r1, 0) * betaV).StoreUnsafe(ref r1, 0);
                Vector512.FusedMultiplyAdd(c1_1, alphaV, Vector512.LoadUnsafe(ref r1, 16) * betaV).StoreUnsafe(ref r1, 16);
                ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
                Vector512.FusedMultiplyAdd(c2_0, alphaV, Vector512.LoadUnsafe(ref r2, 0) * betaV).StoreUnsafe(ref r2, 0);
                Vector512.FusedMultiplyAdd(c2_1, alphaV, Vector512.LoadUnsafe(ref r2, 16) * betaV).StoreUnsafe(ref r2, 16);
                ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
                Vector512.FusedMultiplyAdd(c3_0, alphaV, Vector512.LoadUnsafe(ref r3, 0) * betaV).StoreUnsafe(ref r3, 0);
                Vector512.FusedMultiplyAdd(c3_1, alphaV, Vector512.LoadUnsafe(ref r3, 16) * betaV).StoreUnsafe(ref r3, 16);
                ref float r4 = ref Unsafe.Add(ref c, 4 * ldc);
                Vector512.FusedMultiplyAdd(c4_0, alphaV, Vector512.LoadUnsafe(ref r4, 0) * betaV).StoreUnsafe(ref r4, 0);
                Vector512.FusedMultiplyAdd(c4_1, alphaV, Vector512.LoadUnsafe(ref r4, 16) * betaV).StoreUnsafe(ref r4, 16);
                ref float r5 = ref Unsafe.Add(ref c, 5 * ldc);
                Vector512.FusedMultiplyAdd(c5_0, alphaV, Vector512.LoadUnsafe(ref r5, 0) * betaV).StoreUnsafe(ref r5, 0);
                Vector512.FusedMultiplyAdd(c5_1, alphaV, Vector512.LoadUnsafe(ref r5, 16) * betaV).StoreUnsafe(ref r5, 16);
                ref float r6 = ref Unsafe.Add(ref c, 6 * ldc);
                Vector512.FusedMultiplyAdd(c6_0, alphaV, Vector512.LoadUnsafe(ref r6, 0) * betaV).StoreUnsafe(ref r6, 0);
                Vector512.FusedMultiplyAdd(c6_1, alphaV, Vector512.LoadUnsafe(ref r6, 16) * betaV).StoreUnsafe(ref r6, 16);
                ref float r7 = ref Unsafe.Add(ref c, 7 * ldc);
                Vector512.FusedMultiplyAdd(c7_0, alphaV, Vector512.LoadUnsafe(ref r7, 0) * betaV).StoreUnsafe(ref r7, 0);
                Vector512.FusedMultiplyAdd(c7_1, alphaV, Vector512.LoadUnsafe(ref r7, 16) * betaV).StoreUnsafe(ref r7, 16);
                ref float r8 = ref Unsafe.Add(ref c, 8 * ldc);
                Vector512.FusedMultiplyAdd(c8_0, alphaV, Vector512.LoadUnsafe(ref r8, 0) * betaV).StoreUnsafe(ref r8, 0);
                Vector512.FusedMultiplyAdd(c8_1, alphaV, Vector512.LoadUnsafe(ref r8, 16) * betaV).StoreUnsafe(ref r8, 16);
                ref float r9 = ref Unsafe.Add(ref c, 9 * ldc);
                Vector512.FusedMultiplyAdd(c9_0, alphaV, Vector512.LoadUnsafe(ref r9, 0) * betaV).StoreUnsafe(ref r9, 0);
                Vector512.FusedMultiplyAdd(c9_1, alphaV, Vector512.LoadUnsafe(ref r9, 16) * betaV).StoreUnsafe(ref r9, 16);
                ref float r10 = ref Unsafe.Add(ref c, 10 * ldc);
                Vector512.FusedMultiplyAdd(c10_0, alphaV, Vector512.LoadUnsafe(ref r10, 0) * betaV).StoreUnsafe(ref r10, 0);
                Vector512.FusedMultiplyAdd(c10_1, alphaV, Vector512.LoadUnsafe(ref r10, 16) * betaV).StoreUnsafe(ref r10, 16);
                ref float r11 = ref Unsafe.Add(ref c, 11 * ldc);
                Vector512.FusedMultiplyAdd(c11_0, alphaV, Vector512.LoadUnsafe(ref r11, 0) * betaV).StoreUnsafe(ref r11, 0);
                Vector512.FusedMultiplyAdd(c11_1, alphaV, Vector512.LoadUnsafe(ref r11, 16) * betaV).StoreUnsafe(ref r11, 16);
            }
        }

        /// <summary>One 8×32 tile: C = α·Ã·B̃ + β·C over kc steps of the packed micro-panels
        /// (Ã: kc×12, first 8 columns used; B̃: kc×32; both k-major). β = 0: C is only written.
        /// Generated by Generator/gemm_tile.py.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void TileStridedB8(nuint kc, ref float aPanel, ref float bPanel, nuint ldb, ref float c, nuint ldc, float alpha, float beta)
        {
            // 16 accumulators + 2 B vectors + 1 broadcast of A = 19 registers.
            Vector512<float> c0_0 = default, c0_1 = default;
            Vector512<float> c1_0 = default, c1_1 = default;
            Vector512<float> c2_0 = default, c2_1 = default;
            Vector512<float> c3_0 = default, c3_1 = default;
            Vector512<float> c4_0 = default, c4_1 = default;
            Vector512<float> c5_0 = default, c5_1 = default;
            Vector512<float> c6_0 = default, c6_1 = default;
            Vector512<float> c7_0 = default, c7_1 = default;
            ref float a = ref aPanel;
            ref float b = ref bPanel;
            for (nuint p = 0; p < kc; p++)
            {
                Vector512<float> b0 = Vector512.LoadUnsafe(ref b, 0);
                Vector512<float> b1 = Vector512.LoadUnsafe(ref b, 16);
                Vector512<float> ai = Vector512.Create(Unsafe.Add(ref a, 0));
                c0_0 = Vector512.FusedMultiplyAdd(ai, b0, c0_0);
                c0_1 = Vector512.FusedMultiplyAdd(ai, b1, c0_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 1));
                c1_0 = Vector512.FusedMultiplyAdd(ai, b0, c1_0);
                c1_1 = Vector512.FusedMultiplyAdd(ai, b1, c1_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 2));
                c2_0 = Vector512.FusedMultiplyAdd(ai, b0, c2_0);
                c2_1 = Vector512.FusedMultiplyAdd(ai, b1, c2_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 3));
                c3_0 = Vector512.FusedMultiplyAdd(ai, b0, c3_0);
                c3_1 = Vector512.FusedMultiplyAdd(ai, b1, c3_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 4));
                c4_0 = Vector512.FusedMultiplyAdd(ai, b0, c4_0);
                c4_1 = Vector512.FusedMultiplyAdd(ai, b1, c4_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 5));
                c5_0 = Vector512.FusedMultiplyAdd(ai, b0, c5_0);
                c5_1 = Vector512.FusedMultiplyAdd(ai, b1, c5_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 6));
                c6_0 = Vector512.FusedMultiplyAdd(ai, b0, c6_0);
                c6_1 = Vector512.FusedMultiplyAdd(ai, b1, c6_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 7));
                c7_0 = Vector512.FusedMultiplyAdd(ai, b0, c7_0);
                c7_1 = Vector512.FusedMultiplyAdd(ai, b1, c7_1);
                a = ref Unsafe.Add(ref a, 12);
                b = ref Unsafe.Add(ref b, ldb);
            }

            Vector512<float> alphaV = Vector512.Create(alpha);
            if (beta == 0)
            {
                ref float r0 = ref Unsafe.Add(ref c, 0 * ldc);
                (c0_0 * alphaV).StoreUnsafe(ref r0, 0);
                (c0_1 * alphaV).StoreUnsafe(ref r0, 16);
                ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
                (c1_0 * alphaV).StoreUnsafe(ref r1, 0);
                (c1_1 * alphaV).StoreUnsafe(ref r1, 16);
                ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
                (c2_0 * alphaV).StoreUnsafe(ref r2, 0);
                (c2_1 * alphaV).StoreUnsafe(ref r2, 16);
                ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
                (c3_0 * alphaV).StoreUnsafe(ref r3, 0);
                (c3_1 * alphaV).StoreUnsafe(ref r3, 16);
                ref float r4 = ref Unsafe.Add(ref c, 4 * ldc);
                (c4_0 * alphaV).StoreUnsafe(ref r4, 0);
                (c4_1 * alphaV).StoreUnsafe(ref r4, 16);
                ref float r5 = ref Unsafe.Add(ref c, 5 * ldc);
                (c5_0 * alphaV).StoreUnsafe(ref r5, 0);
                (c5_1 * alphaV).StoreUnsafe(ref r5, 16);
                ref float r6 = ref Unsafe.Add(ref c, 6 * ldc);
                (c6_0 * alphaV).StoreUnsafe(ref r6, 0);
                (c6_1 * alphaV).StoreUnsafe(ref r6, 16);
                ref float r7 = ref Unsafe.Add(ref c, 7 * ldc);
                (c7_0 * alphaV).StoreUnsafe(ref r7, 0);
                (c7_1 * alphaV).StoreUnsafe(ref r7, 16);
            }
            else
            {
                Vector512<float> betaV = Vector512.Create(beta);
                ref float r0 = ref Unsafe.Add(ref c, 0 * ldc);
                Vector512.FusedMultiplyAdd(c0_0, alphaV, Vector512.LoadUnsafe(ref r0, 0) * betaV).StoreUnsafe(ref r0, 0);
                Vector512.FusedMultiplyAdd(c0_1, alphaV, Vector512.LoadUnsafe(ref r0, 16) * betaV).StoreUnsafe(ref r0, 16);
                ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
                Vector512.FusedMultiplyAdd(c1_0, alphaV, Vector512.LoadUnsafe(ref r1, 0) * betaV).StoreUnsafe(ref r1, 0);
                Vector512.FusedMultiplyAdd(c1_1, alphaV, Vector512.LoadUnsafe(ref r1, 16) * betaV).StoreUnsafe(ref r1, 16);
                ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
                Vector512.FusedMultiplyAdd(c2_0, alphaV, Vector512.LoadUnsafe(ref r2, 0) * betaV).StoreUnsafe(ref r2, 0);
                Vector512.FusedMultiplyAdd(c2_1, alphaV, Vector512.LoadUnsafe(ref r2, 16) * betaV).StoreUnsafe(ref r2, 16);
                ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
                Vector512.FusedMultiplyAdd(c3_0, alphaV, Vector512.LoadUnsafe(ref r3, 0) * betaV).StoreUnsafe(ref r3, 0);
                Vector512.FusedMultiplyAdd(c3_1, alphaV, Vector512.LoadUnsafe(ref r3, 16) * betaV).StoreUnsafe(ref r3, 16);
                ref float r4 = ref Unsafe.Add(ref c, 4 * ldc);
                Vector512.FusedMultiplyAdd(c4_0, alphaV, Vector512.LoadUnsafe(ref r4, 0) * betaV).StoreUnsafe(ref r4, 0);
                Vector512.FusedMultiplyAdd(c4_1, alphaV, Vector512.LoadUnsafe(ref r4, 16) * betaV).StoreUnsafe(ref r4, 16);
                ref float r5 = ref Unsafe.Add(ref c, 5 * ldc);
                Vector512.FusedMultiplyAdd(c5_0, alphaV, Vector512.LoadUnsafe(ref r5, 0) * betaV).StoreUnsafe(ref r5, 0);
                Vector512.FusedMultiplyAdd(c5_1, alphaV, Vector512.LoadUnsafe(ref r5, 16) * betaV).StoreUnsafe(ref r5, 16);
                ref float r6 = ref Unsafe.Add(ref c, 6 * ldc);
                Vector512.FusedMultiplyAdd(c6_0, alphaV, Vector512.LoadUnsafe(ref r6, 0) * betaV).StoreUnsafe(ref r6, 0);
                Vector512.FusedMultiplyAdd(c6_1, alphaV, Vector512.LoadUnsafe(ref r6, 16) * betaV).StoreUnsafe(ref r6, 16);
                ref float r7 = ref Unsafe.Add(ref c, 7 * ldc);
                Vector512.FusedMultiplyAdd(c7_0, alphaV, Vector512.LoadUnsafe(ref r7, 0) * betaV).StoreUnsafe(ref r7, 0);
                Vector512.FusedMultiplyAdd(c7_1, alphaV, Vector512.LoadUnsafe(ref r7, 16) * betaV).StoreUnsafe(ref r7, 16);
            }
        }

        /// <summary>The last column panel of a block, <paramref name="cols"/> &lt; NR wide, all MR rows: straight into C with masked stores.</summary>
        public static bool EdgeTile(int cols, nuint kc, ref float aPanel, ref float bPanel, ref float c, nuint ldc, float alpha, float beta)
        {
            if (cols <= NR / 2)
            {
                TileEdge16(kc, ref aPanel, ref bPanel, ref c, ldc, alpha, beta, cols);
            }
            else
            {
                TileEdge32(kc, ref aPanel, ref bPanel, ref c, ldc, alpha, beta, cols);
            }

            return true;
        }

        /// <summary>One 12×16 tile: C = α·Ã·B̃ + β·C over kc steps of the packed micro-panels
        /// (Ã: kc×12, first 12 columns used; B̃: kc×16; both k-major). β = 0: C is only written.
        /// Generated by Generator/gemm_tile.py.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void TileEdge16(nuint kc, ref float aPanel, ref float bPanel, ref float c, nuint ldc, float alpha, float beta, int cols)
        {
            // 12 accumulators + 1 B vectors + 1 broadcast of A = 14 registers.
            Vector512<float> c0_0 = default;
            Vector512<float> c1_0 = default;
            Vector512<float> c2_0 = default;
            Vector512<float> c3_0 = default;
            Vector512<float> c4_0 = default;
            Vector512<float> c5_0 = default;
            Vector512<float> c6_0 = default;
            Vector512<float> c7_0 = default;
            Vector512<float> c8_0 = default;
            Vector512<float> c9_0 = default;
            Vector512<float> c10_0 = default;
            Vector512<float> c11_0 = default;
            ref float a = ref aPanel;
            ref float b = ref bPanel;
            for (nuint p = 0; p < kc; p++)
            {
                Vector512<float> b0 = Vector512.LoadUnsafe(ref b, 0);
                Vector512<float> ai = Vector512.Create(Unsafe.Add(ref a, 0));
                c0_0 = Vector512.FusedMultiplyAdd(ai, b0, c0_0);
                ai = Vector512.Create(Unsafe.Add(ref a, 1));
                c1_0 = Vector512.FusedMultiplyAdd(ai, b0, c1_0);
                ai = Vector512.Create(Unsafe.Add(ref a, 2));
                c2_0 = Vector512.FusedMultiplyAdd(ai, b0, c2_0);
                ai = Vector512.Create(Unsafe.Add(ref a, 3));
                c3_0 = Vector512.FusedMultiplyAdd(ai, b0, c3_0);
                ai = Vector512.Create(Unsafe.Add(ref a, 4));
                c4_0 = Vector512.FusedMultiplyAdd(ai, b0, c4_0);
                ai = Vector512.Create(Unsafe.Add(ref a, 5));
                c5_0 = Vector512.FusedMultiplyAdd(ai, b0, c5_0);
                ai = Vector512.Create(Unsafe.Add(ref a, 6));
                c6_0 = Vector512.FusedMultiplyAdd(ai, b0, c6_0);
                ai = Vector512.Create(Unsafe.Add(ref a, 7));
                c7_0 = Vector512.FusedMultiplyAdd(ai, b0, c7_0);
                ai = Vector512.Create(Unsafe.Add(ref a, 8));
                c8_0 = Vector512.FusedMultiplyAdd(ai, b0, c8_0);
                ai = Vector512.Create(Unsafe.Add(ref a, 9));
                c9_0 = Vector512.FusedMultiplyAdd(ai, b0, c9_0);
                ai = Vector512.Create(Unsafe.Add(ref a, 10));
                c10_0 = Vector512.FusedMultiplyAdd(ai, b0, c10_0);
                ai = Vector512.Create(Unsafe.Add(ref a, 11));
                c11_0 = Vector512.FusedMultiplyAdd(ai, b0, c11_0);
                a = ref Unsafe.Add(ref a, 12);
                b = ref Unsafe.Add(ref b, 32);
            }

            Vector512<float> alphaV = Vector512.Create(alpha);
            Vector512<int> columns = Vector512.Create(cols);
            Vector512<float> m0 = Vector512.LessThan(Vector512<int>.Indices, columns).AsSingle();
            fixed (float* c0 = &c)
            {
                if (beta == 0)
                {
                    float* r0 = c0 + (0 * ldc);
                    Avx512F.MaskStore(r0 + 0, m0, c0_0 * alphaV);
                    float* r1 = c0 + (1 * ldc);
                    Avx512F.MaskStore(r1 + 0, m0, c1_0 * alphaV);
                    float* r2 = c0 + (2 * ldc);
                    Avx512F.MaskStore(r2 + 0, m0, c2_0 * alphaV);
                    float* r3 = c0 + (3 * ldc);
                    Avx512F.MaskStore(r3 + 0, m0, c3_0 * alphaV);
                    float* r4 = c0 + (4 * ldc);
                    Avx512F.MaskStore(r4 + 0, m0, c4_0 * alphaV);
                    float* r5 = c0 + (5 * ldc);
                    Avx512F.MaskStore(r5 + 0, m0, c5_0 * alphaV);
                    float* r6 = c0 + (6 * ldc);
                    Avx512F.MaskStore(r6 + 0, m0, c6_0 * alphaV);
                    float* r7 = c0 + (7 * ldc);
                    Avx512F.MaskStore(r7 + 0, m0, c7_0 * alphaV);
                    float* r8 = c0 + (8 * ldc);
                    Avx512F.MaskStore(r8 + 0, m0, c8_0 * alphaV);
                    float* r9 = c0 + (9 * ldc);
                    Avx512F.MaskStore(r9 + 0, m0, c9_0 * alphaV);
                    float* r10 = c0 + (10 * ldc);
                    Avx512F.MaskStore(r10 + 0, m0, c10_0 * alphaV);
                    float* r11 = c0 + (11 * ldc);
                    Avx512F.MaskStore(r11 + 0, m0, c11_0 * alphaV);
                }
                else
                {
                    Vector512<float> betaV = Vector512.Create(beta);
                    float* r0 = c0 + (0 * ldc);
                    Avx512F.MaskStore(r0 + 0, m0, Vector512.FusedMultiplyAdd(c0_0, alphaV, Avx512F.MaskLoad(r0 + 0, m0, Vector512<float>.Zero) * betaV));
                    float* r1 = c0 + (1 * ldc);
                    Avx512F.MaskStore(r1 + 0, m0, Vector512.FusedMultiplyAdd(c1_0, alphaV, Avx512F.MaskLoad(r1 + 0, m0, Vector512<float>.Zero) * betaV));
                    float* r2 = c0 + (2 * ldc);
                    Avx512F.MaskStore(r2 + 0, m0, Vector512.FusedMultiplyAdd(c2_0, alphaV, Avx512F.MaskLoad(r2 + 0, m0, Vector512<float>.Zero) * betaV));
                    float* r3 = c0 + (3 * ldc);
                    Avx512F.MaskStore(r3 + 0, m0, Vector512.FusedMultiplyAdd(c3_0, alphaV, Avx512F.MaskLoad(r3 + 0, m0, Vector512<float>.Zero) * betaV));
                    float* r4 = c0 + (4 * ldc);
                    Avx512F.MaskStore(r4 + 0, m0, Vector512.FusedMultiplyAdd(c4_0, alphaV, Avx512F.MaskLoad(r4 + 0, m0, Vector512<float>.Zero) * betaV));
                    float* r5 = c0 + (5 * ldc);
                    Avx512F.MaskStore(r5 + 0, m0, Vector512.FusedMultiplyAdd(c5_0, alphaV, Avx512F.MaskLoad(r5 + 0, m0, Vector512<float>.Zero) * betaV));
                    float* r6 = c0 + (6 * ldc);
                    Avx512F.MaskStore(r6 + 0, m0, Vector512.FusedMultiplyAdd(c6_0, alphaV, Avx512F.MaskLoad(r6 + 0, m0, Vector512<float>.Zero) * betaV));
                    float* r7 = c0 + (7 * ldc);
                    Avx512F.MaskStore(r7 + 0, m0, Vector512.FusedMultiplyAdd(c7_0, alphaV, Avx512F.MaskLoad(r7 + 0, m0, Vector512<float>.Zero) * betaV));
                    float* r8 = c0 + (8 * ldc);
                    Avx512F.MaskStore(r8 + 0, m0, Vector512.FusedMultiplyAdd(c8_0, alphaV, Avx512F.MaskLoad(r8 + 0, m0, Vector512<float>.Zero) * betaV));
                    float* r9 = c0 + (9 * ldc);
                    Avx512F.MaskStore(r9 + 0, m0, Vector512.FusedMultiplyAdd(c9_0, alphaV, Avx512F.MaskLoad(r9 + 0, m0, Vector512<float>.Zero) * betaV));
                    float* r10 = c0 + (10 * ldc);
                    Avx512F.MaskStore(r10 + 0, m0, Vector512.FusedMultiplyAdd(c10_0, alphaV, Avx512F.MaskLoad(r10 + 0, m0, Vector512<float>.Zero) * betaV));
                    float* r11 = c0 + (11 * ldc);
                    Avx512F.MaskStore(r11 + 0, m0, Vector512.FusedMultiplyAdd(c11_0, alphaV, Avx512F.MaskLoad(r11 + 0, m0, Vector512<float>.Zero) * betaV));
                }
            }
        }
        /// <summary>One 12×32 tile: C = α·Ã·B̃ + β·C over kc steps of the packed micro-panels
        /// (Ã: kc×12, first 12 columns used; B̃: kc×32; both k-major). β = 0: C is only written.
        /// Generated by Generator/gemm_tile.py.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void TileEdge32(nuint kc, ref float aPanel, ref float bPanel, ref float c, nuint ldc, float alpha, float beta, int cols)
        {
            // 24 accumulators + 2 B vectors + 1 broadcast of A = 27 registers.
            Vector512<float> c0_0 = default, c0_1 = default;
            Vector512<float> c1_0 = default, c1_1 = default;
            Vector512<float> c2_0 = default, c2_1 = default;
            Vector512<float> c3_0 = default, c3_1 = default;
            Vector512<float> c4_0 = default, c4_1 = default;
            Vector512<float> c5_0 = default, c5_1 = default;
            Vector512<float> c6_0 = default, c6_1 = default;
            Vector512<float> c7_0 = default, c7_1 = default;
            Vector512<float> c8_0 = default, c8_1 = default;
            Vector512<float> c9_0 = default, c9_1 = default;
            Vector512<float> c10_0 = default, c10_1 = default;
            Vector512<float> c11_0 = default, c11_1 = default;
            ref float a = ref aPanel;
            ref float b = ref bPanel;
            for (nuint p = 0; p < kc; p++)
            {
                Vector512<float> b0 = Vector512.LoadUnsafe(ref b, 0);
                Vector512<float> b1 = Vector512.LoadUnsafe(ref b, 16);
                Vector512<float> ai = Vector512.Create(Unsafe.Add(ref a, 0));
                c0_0 = Vector512.FusedMultiplyAdd(ai, b0, c0_0);
                c0_1 = Vector512.FusedMultiplyAdd(ai, b1, c0_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 1));
                c1_0 = Vector512.FusedMultiplyAdd(ai, b0, c1_0);
                c1_1 = Vector512.FusedMultiplyAdd(ai, b1, c1_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 2));
                c2_0 = Vector512.FusedMultiplyAdd(ai, b0, c2_0);
                c2_1 = Vector512.FusedMultiplyAdd(ai, b1, c2_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 3));
                c3_0 = Vector512.FusedMultiplyAdd(ai, b0, c3_0);
                c3_1 = Vector512.FusedMultiplyAdd(ai, b1, c3_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 4));
                c4_0 = Vector512.FusedMultiplyAdd(ai, b0, c4_0);
                c4_1 = Vector512.FusedMultiplyAdd(ai, b1, c4_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 5));
                c5_0 = Vector512.FusedMultiplyAdd(ai, b0, c5_0);
                c5_1 = Vector512.FusedMultiplyAdd(ai, b1, c5_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 6));
                c6_0 = Vector512.FusedMultiplyAdd(ai, b0, c6_0);
                c6_1 = Vector512.FusedMultiplyAdd(ai, b1, c6_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 7));
                c7_0 = Vector512.FusedMultiplyAdd(ai, b0, c7_0);
                c7_1 = Vector512.FusedMultiplyAdd(ai, b1, c7_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 8));
                c8_0 = Vector512.FusedMultiplyAdd(ai, b0, c8_0);
                c8_1 = Vector512.FusedMultiplyAdd(ai, b1, c8_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 9));
                c9_0 = Vector512.FusedMultiplyAdd(ai, b0, c9_0);
                c9_1 = Vector512.FusedMultiplyAdd(ai, b1, c9_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 10));
                c10_0 = Vector512.FusedMultiplyAdd(ai, b0, c10_0);
                c10_1 = Vector512.FusedMultiplyAdd(ai, b1, c10_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 11));
                c11_0 = Vector512.FusedMultiplyAdd(ai, b0, c11_0);
                c11_1 = Vector512.FusedMultiplyAdd(ai, b1, c11_1);
                a = ref Unsafe.Add(ref a, 12);
                b = ref Unsafe.Add(ref b, 32);
            }

            Vector512<float> alphaV = Vector512.Create(alpha);
            Vector512<int> columns = Vector512.Create(cols);
            Vector512<float> m0 = Vector512.LessThan(Vector512<int>.Indices, columns).AsSingle();
            Vector512<float> m1 = Vector512.LessThan(Vector512<int>.Indices + Vector512.Create(16), columns).AsSingle();
            fixed (float* c0 = &c)
            {
                if (beta == 0)
                {
                    float* r0 = c0 + (0 * ldc);
                    Avx512F.MaskStore(r0 + 0, m0, c0_0 * alphaV);
                    Avx512F.MaskStore(r0 + 16, m1, c0_1 * alphaV);
                    float* r1 = c0 + (1 * ldc);
                    Avx512F.MaskStore(r1 + 0, m0, c1_0 * alphaV);
                    Avx512F.MaskStore(r1 + 16, m1, c1_1 * alphaV);
                    float* r2 = c0 + (2 * ldc);
                    Avx512F.MaskStore(r2 + 0, m0, c2_0 * alphaV);
                    Avx512F.MaskStore(r2 + 16, m1, c2_1 * alphaV);
                    float* r3 = c0 + (3 * ldc);
                    Avx512F.MaskStore(r3 + 0, m0, c3_0 * alphaV);
                    Avx512F.MaskStore(r3 + 16, m1, c3_1 * alphaV);
                    float* r4 = c0 + (4 * ldc);
                    Avx512F.MaskStore(r4 + 0, m0, c4_0 * alphaV);
                    Avx512F.MaskStore(r4 + 16, m1, c4_1 * alphaV);
                    float* r5 = c0 + (5 * ldc);
                    Avx512F.MaskStore(r5 + 0, m0, c5_0 * alphaV);
                    Avx512F.MaskStore(r5 + 16, m1, c5_1 * alphaV);
                    float* r6 = c0 + (6 * ldc);
                    Avx512F.MaskStore(r6 + 0, m0, c6_0 * alphaV);
                    Avx512F.MaskStore(r6 + 16, m1, c6_1 * alphaV);
                    float* r7 = c0 + (7 * ldc);
                    Avx512F.MaskStore(r7 + 0, m0, c7_0 * alphaV);
                    Avx512F.MaskStore(r7 + 16, m1, c7_1 * alphaV);
                    float* r8 = c0 + (8 * ldc);
                    Avx512F.MaskStore(r8 + 0, m0, c8_0 * alphaV);
                    Avx512F.MaskStore(r8 + 16, m1, c8_1 * alphaV);
                    float* r9 = c0 + (9 * ldc);
                    Avx512F.MaskStore(r9 + 0, m0, c9_0 * alphaV);
                    Avx512F.MaskStore(r9 + 16, m1, c9_1 * alphaV);
                    float* r10 = c0 + (10 * ldc);
                    Avx512F.MaskStore(r10 + 0, m0, c10_0 * alphaV);
                    Avx512F.MaskStore(r10 + 16, m1, c10_1 * alphaV);
                    float* r11 = c0 + (11 * ldc);
                    Avx512F.MaskStore(r11 + 0, m0, c11_0 * alphaV);
                    Avx512F.MaskStore(r11 + 16, m1, c11_1 * alphaV);
                }
                else
                {
                    Vector512<float> betaV = Vector512.Create(beta);
                    float* r0 = c0 + (0 * ldc);
                    Avx512F.MaskStore(r0 + 0, m0, Vector512.FusedMultiplyAdd(c0_0, alphaV, Avx512F.MaskLoad(r0 + 0, m0, Vector512<float>.Zero) * betaV));
                    Avx512F.MaskStore(r0 + 16, m1, Vector512.FusedMultiplyAdd(c0_1, alphaV, Avx512F.MaskLoad(r0 + 16, m1, Vector512<float>.Zero) * betaV));
                    float* r1 = c0 + (1 * ldc);
                    Avx512F.MaskStore(r1 + 0, m0, Vector512.FusedMultiplyAdd(c1_0, alphaV, Avx512F.MaskLoad(r1 + 0, m0, Vector512<float>.Zero) * betaV));
                    Avx512F.MaskStore(r1 + 16, m1, Vector512.FusedMultiplyAdd(c1_1, alphaV, Avx512F.MaskLoad(r1 + 16, m1, Vector512<float>.Zero) * betaV));
                    float* r2 = c0 + (2 * ldc);
                    Avx512F.MaskStore(r2 + 0, m0, Vector512.FusedMultiplyAdd(c2_0, alphaV, Avx512F.MaskLoad(r2 + 0, m0, Vector512<float>.Zero) * betaV));
                    Avx512F.MaskStore(r2 + 16, m1, Vector512.FusedMultiplyAdd(c2_1, alphaV, Avx512F.MaskLoad(r2 + 16, m1, Vector512<float>.Zero) * betaV));
                    float* r3 = c0 + (3 * ldc);
                    Avx512F.MaskStore(r3 + 0, m0, Vector512.FusedMultiplyAdd(c3_0, alphaV, Avx512F.MaskLoad(r3 + 0, m0, Vector512<float>.Zero) * betaV));
                    Avx512F.MaskStore(r3 + 16, m1, Vector512.FusedMultiplyAdd(c3_1, alphaV, Avx512F.MaskLoad(r3 + 16, m1, Vector512<float>.Zero) * betaV));
                    float* r4 = c0 + (4 * ldc);
                    Avx512F.MaskStore(r4 + 0, m0, Vector512.FusedMultiplyAdd(c4_0, alphaV, Avx512F.MaskLoad(r4 + 0, m0, Vector512<float>.Zero) * betaV));
                    Avx512F.MaskStore(r4 + 16, m1, Vector512.FusedMultiplyAdd(c4_1, alphaV, Avx512F.MaskLoad(r4 + 16, m1, Vector512<float>.Zero) * betaV));
                    float* r5 = c0 + (5 * ldc);
                    Avx512F.MaskStore(r5 + 0, m0, Vector512.FusedMultiplyAdd(c5_0, alphaV, Avx512F.MaskLoad(r5 + 0, m0, Vector512<float>.Zero) * betaV));
                    Avx512F.MaskStore(r5 + 16, m1, Vector512.FusedMultiplyAdd(c5_1, alphaV, Avx512F.MaskLoad(r5 + 16, m1, Vector512<float>.Zero) * betaV));
                    float* r6 = c0 + (6 * ldc);
                    Avx512F.MaskStore(r6 + 0, m0, Vector512.FusedMultiplyAdd(c6_0, alphaV, Avx512F.MaskLoad(r6 + 0, m0, Vector512<float>.Zero) * betaV));
                    Avx512F.MaskStore(r6 + 16, m1, Vector512.FusedMultiplyAdd(c6_1, alphaV, Avx512F.MaskLoad(r6 + 16, m1, Vector512<float>.Zero) * betaV));
                    float* r7 = c0 + (7 * ldc);
                    Avx512F.MaskStore(r7 + 0, m0, Vector512.FusedMultiplyAdd(c7_0, alphaV, Avx512F.MaskLoad(r7 + 0, m0, Vector512<float>.Zero) * betaV));
                    Avx512F.MaskStore(r7 + 16, m1, Vector512.FusedMultiplyAdd(c7_1, alphaV, Avx512F.MaskLoad(r7 + 16, m1, Vector512<float>.Zero) * betaV));
                    float* r8 = c0 + (8 * ldc);
                    Avx512F.MaskStore(r8 + 0, m0, Vector512.FusedMultiplyAdd(c8_0, alphaV, Avx512F.MaskLoad(r8 + 0, m0, Vector512<float>.Zero) * betaV));
                    Avx512F.MaskStore(r8 + 16, m1, Vector512.FusedMultiplyAdd(c8_1, alphaV, Avx512F.MaskLoad(r8 + 16, m1, Vector512<float>.Zero) * betaV));
                    float* r9 = c0 + (9 * ldc);
                    Avx512F.MaskStore(r9 + 0, m0, Vector512.FusedMultiplyAdd(c9_0, alphaV, Avx512F.MaskLoad(r9 + 0, m0, Vector512<float>.Zero) * betaV));
                    Avx512F.MaskStore(r9 + 16, m1, Vector512.FusedMultiplyAdd(c9_1, alphaV, Avx512F.MaskLoad(r9 + 16, m1, Vector512<float>.Zero) * betaV));
                    float* r10 = c0 + (10 * ldc);
                    Avx512F.MaskStore(r10 + 0, m0, Vector512.FusedMultiplyAdd(c10_0, alphaV, Avx512F.MaskLoad(r10 + 0, m0, Vector512<float>.Zero) * betaV));
                    Avx512F.MaskStore(r10 + 16, m1, Vector512.FusedMultiplyAdd(c10_1, alphaV, Avx512F.MaskLoad(r10 + 16, m1, Vector512<float>.Zero) * betaV));
                    float* r11 = c0 + (11 * ldc);
                    Avx512F.MaskStore(r11 + 0, m0, Vector512.FusedMultiplyAdd(c11_0, alphaV, Avx512F.MaskLoad(r11 + 0, m0, Vector512<float>.Zero) * betaV));
                    Avx512F.MaskStore(r11 + 16, m1, Vector512.FusedMultiplyAdd(c11_1, alphaV, Avx512F.MaskLoad(r11 + 16, m1, Vector512<float>.Zero) * betaV));
                }
            }
        }


        /// <summary>One 4×32 tile: C = α·Ã·B̃ + β·C over kc steps of the packed micro-panels
        /// (Ã: kc×12, first 4 columns used; B̃: kc×32; both k-major). β = 0: C is only written.
        /// Generated by Generator/gemm_tile.py.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void TileStridedB4(nuint kc, ref float aPanel, ref float bPanel, nuint ldb, ref float c, nuint ldc, float alpha, float beta)
        {
            // 8 accumulators + 2 B vectors + 1 broadcast of A = 11 registers.
            Vector512<float> c0_0 = default, c0_1 = default;
            Vector512<float> c1_0 = default, c1_1 = default;
            Vector512<float> c2_0 = default, c2_1 = default;
            Vector512<float> c3_0 = default, c3_1 = default;
            ref float a = ref aPanel;
            ref float b = ref bPanel;
            for (nuint p = 0; p < kc; p++)
            {
                Vector512<float> b0 = Vector512.LoadUnsafe(ref b, 0);
                Vector512<float> b1 = Vector512.LoadUnsafe(ref b, 16);
                Vector512<float> ai = Vector512.Create(Unsafe.Add(ref a, 0));
                c0_0 = Vector512.FusedMultiplyAdd(ai, b0, c0_0);
                c0_1 = Vector512.FusedMultiplyAdd(ai, b1, c0_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 1));
                c1_0 = Vector512.FusedMultiplyAdd(ai, b0, c1_0);
                c1_1 = Vector512.FusedMultiplyAdd(ai, b1, c1_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 2));
                c2_0 = Vector512.FusedMultiplyAdd(ai, b0, c2_0);
                c2_1 = Vector512.FusedMultiplyAdd(ai, b1, c2_1);
                ai = Vector512.Create(Unsafe.Add(ref a, 3));
                c3_0 = Vector512.FusedMultiplyAdd(ai, b0, c3_0);
                c3_1 = Vector512.FusedMultiplyAdd(ai, b1, c3_1);
                a = ref Unsafe.Add(ref a, 12);
                b = ref Unsafe.Add(ref b, ldb);
            }

            Vector512<float> alphaV = Vector512.Create(alpha);
            if (beta == 0)
            {
                ref float r0 = ref Unsafe.Add(ref c, 0 * ldc);
                (c0_0 * alphaV).StoreUnsafe(ref r0, 0);
                (c0_1 * alphaV).StoreUnsafe(ref r0, 16);
                ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
                (c1_0 * alphaV).StoreUnsafe(ref r1, 0);
                (c1_1 * alphaV).StoreUnsafe(ref r1, 16);
                ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
                (c2_0 * alphaV).StoreUnsafe(ref r2, 0);
                (c2_1 * alphaV).StoreUnsafe(ref r2, 16);
                ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
                (c3_0 * alphaV).StoreUnsafe(ref r3, 0);
                (c3_1 * alphaV).StoreUnsafe(ref r3, 16);
            }
            else
            {
                Vector512<float> betaV = Vector512.Create(beta);
                ref float r0 = ref Unsafe.Add(ref c, 0 * ldc);
                Vector512.FusedMultiplyAdd(c0_0, alphaV, Vector512.LoadUnsafe(ref r0, 0) * betaV).StoreUnsafe(ref r0, 0);
                Vector512.FusedMultiplyAdd(c0_1, alphaV, Vector512.LoadUnsafe(ref r0, 16) * betaV).StoreUnsafe(ref r0, 16);
                ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
                Vector512.FusedMultiplyAdd(c1_0, alphaV, Vector512.LoadUnsafe(ref r1, 0) * betaV).StoreUnsafe(ref r1, 0);
                Vector512.FusedMultiplyAdd(c1_1, alphaV, Vector512.LoadUnsafe(ref r1, 16) * betaV).StoreUnsafe(ref r1, 16);
                ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
                Vector512.FusedMultiplyAdd(c2_0, alphaV, Vector512.LoadUnsafe(ref r2, 0) * betaV).StoreUnsafe(ref r2, 0);
                Vector512.FusedMultiplyAdd(c2_1, alphaV, Vector512.LoadUnsafe(ref r2, 16) * betaV).StoreUnsafe(ref r2, 16);
                ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
                Vector512.FusedMultiplyAdd(c3_0, alphaV, Vector512.LoadUnsafe(ref r3, 0) * betaV).StoreUnsafe(ref r3, 0);
                Vector512.FusedMultiplyAdd(c3_1, alphaV, Vector512.LoadUnsafe(ref r3, 16) * betaV).StoreUnsafe(ref r3, 16);
            }
        }

        public static bool ReadsAInPlace => true;

        public static void RowsOfATile(int rows, nuint kc, ref float a, nuint lda, ref float bPanel, ref float c, nuint ldc)
        {
            switch (rows)
            {
                case 12: TileRowsOfA12(kc, ref a, lda, ref bPanel, ref c, ldc); break;
                case 8: TileRowsOfA8(kc, ref a, lda, ref bPanel, ref c, ldc); break;
                case 4: TileRowsOfA4(kc, ref a, lda, ref bPanel, ref c, ldc); break;
                case 2: TileRowsOfA2(kc, ref a, lda, ref bPanel, ref c, ldc); break;
                default: TileRowsOfA1(kc, ref a, lda, ref bPanel, ref c, ldc); break;
            }
        }

        /// <summary>One 12×32 tile of raw sums: c[r, :] = Σ_p A[r, p]·B̃[p, :] over kc steps, A read in place
        /// (12 rows lda apart, contiguous along k), B̃ a packed kc×32 micro-panel; c rows ldc apart.
        /// Generated by Generator/gemm_tile.py.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void TileRowsOfA12(nuint kc, ref float a, nuint lda, ref float bPanel, ref float c, nuint ldc)
        {
            // 24 accumulators + 2 B vectors + 1 broadcast of A = 27 registers.
            Vector512<float> c0_0 = default, c0_1 = default;
            Vector512<float> c1_0 = default, c1_1 = default;
            Vector512<float> c2_0 = default, c2_1 = default;
            Vector512<float> c3_0 = default, c3_1 = default;
            Vector512<float> c4_0 = default, c4_1 = default;
            Vector512<float> c5_0 = default, c5_1 = default;
            Vector512<float> c6_0 = default, c6_1 = default;
            Vector512<float> c7_0 = default, c7_1 = default;
            Vector512<float> c8_0 = default, c8_1 = default;
            Vector512<float> c9_0 = default, c9_1 = default;
            Vector512<float> c10_0 = default, c10_1 = default;
            Vector512<float> c11_0 = default, c11_1 = default;
            nuint o1 = 1 * lda;
            nuint o2 = 2 * lda;
            nuint o3 = 3 * lda;
            nuint o4 = 4 * lda;
            nuint o5 = 5 * lda;
            nuint o6 = 6 * lda;
            nuint o7 = 7 * lda;
            nuint o8 = 8 * lda;
            nuint o9 = 9 * lda;
            nuint o10 = 10 * lda;
            nuint o11 = 11 * lda;
            ref float b = ref bPanel;
            fixed (float* a0 = &a)
            {
                float* ap = a0;
                // Every 16 k steps (one 64-byte line of each row) ask for the line 32 steps ahead in
                // each row: the rows' lines are too many interleaved streams for the hardware prefetcher
                // when A (the weights) comes from L3.
                for (nuint p0 = 0; p0 < kc; p0 += 16)
                {
                    Sse.Prefetch0(ap + 32);
                    Sse.Prefetch0(ap + o1 + 32);
                    Sse.Prefetch0(ap + o2 + 32);
                    Sse.Prefetch0(ap + o3 + 32);
                    Sse.Prefetch0(ap + o4 + 32);
                    Sse.Prefetch0(ap + o5 + 32);
                    Sse.Prefetch0(ap + o6 + 32);
                    Sse.Prefetch0(ap + o7 + 32);
                    Sse.Prefetch0(ap + o8 + 32);
                    Sse.Prefetch0(ap + o9 + 32);
                    Sse.Prefetch0(ap + o10 + 32);
                    Sse.Prefetch0(ap + o11 + 32);
                    nuint end = Math.Min(kc, p0 + 16);
                    for (nuint p = p0; p < end; p++)
                    {
                        Vector512<float> b0 = Vector512.LoadUnsafe(ref b, 0);
                        Vector512<float> b1 = Vector512.LoadUnsafe(ref b, 16);
                        Vector512<float> ai = Vector512.Create(ap[0]);
                        c0_0 = Vector512.FusedMultiplyAdd(ai, b0, c0_0);
                        c0_1 = Vector512.FusedMultiplyAdd(ai, b1, c0_1);
                        ai = Vector512.Create(ap[o1]);
                        c1_0 = Vector512.FusedMultiplyAdd(ai, b0, c1_0);
                        c1_1 = Vector512.FusedMultiplyAdd(ai, b1, c1_1);
                        ai = Vector512.Create(ap[o2]);
                        c2_0 = Vector512.FusedMultiplyAdd(ai, b0, c2_0);
                        c2_1 = Vector512.FusedMultiplyAdd(ai, b1, c2_1);
                        ai = Vector512.Create(ap[o3]);
                        c3_0 = Vector512.FusedMultiplyAdd(ai, b0, c3_0);
                        c3_1 = Vector512.FusedMultiplyAdd(ai, b1, c3_1);
                        ai = Vector512.Create(ap[o4]);
                        c4_0 = Vector512.FusedMultiplyAdd(ai, b0, c4_0);
                        c4_1 = Vector512.FusedMultiplyAdd(ai, b1, c4_1);
                        ai = Vector512.Create(ap[o5]);
                        c5_0 = Vector512.FusedMultiplyAdd(ai, b0, c5_0);
                        c5_1 = Vector512.FusedMultiplyAdd(ai, b1, c5_1);
                        ai = Vector512.Create(ap[o6]);
                        c6_0 = Vector512.FusedMultiplyAdd(ai, b0, c6_0);
                        c6_1 = Vector512.FusedMultiplyAdd(ai, b1, c6_1);
                        ai = Vector512.Create(ap[o7]);
                        c7_0 = Vector512.FusedMultiplyAdd(ai, b0, c7_0);
                        c7_1 = Vector512.FusedMultiplyAdd(ai, b1, c7_1);
                        ai = Vector512.Create(ap[o8]);
                        c8_0 = Vector512.FusedMultiplyAdd(ai, b0, c8_0);
                        c8_1 = Vector512.FusedMultiplyAdd(ai, b1, c8_1);
                        ai = Vector512.Create(ap[o9]);
                        c9_0 = Vector512.FusedMultiplyAdd(ai, b0, c9_0);
                        c9_1 = Vector512.FusedMultiplyAdd(ai, b1, c9_1);
                        ai = Vector512.Create(ap[o10]);
                        c10_0 = Vector512.FusedMultiplyAdd(ai, b0, c10_0);
                        c10_1 = Vector512.FusedMultiplyAdd(ai, b1, c10_1);
                        ai = Vector512.Create(ap[o11]);
                        c11_0 = Vector512.FusedMultiplyAdd(ai, b0, c11_0);
                        c11_1 = Vector512.FusedMultiplyAdd(ai, b1, c11_1);
                        ap++;
                        b = ref Unsafe.Add(ref b, 32);
                    }
                }
            }

            ref float r0 = ref Unsafe.Add(ref c, 0 * ldc);
            c0_0.StoreUnsafe(ref r0, 0);
            c0_1.StoreUnsafe(ref r0, 16);
            ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
            c1_0.StoreUnsafe(ref r1, 0);
            c1_1.StoreUnsafe(ref r1, 16);
            ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
            c2_0.StoreUnsafe(ref r2, 0);
            c2_1.StoreUnsafe(ref r2, 16);
            ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
            c3_0.StoreUnsafe(ref r3, 0);
            c3_1.StoreUnsafe(ref r3, 16);
            ref float r4 = ref Unsafe.Add(ref c, 4 * ldc);
            c4_0.StoreUnsafe(ref r4, 0);
            c4_1.StoreUnsafe(ref r4, 16);
            ref float r5 = ref Unsafe.Add(ref c, 5 * ldc);
            c5_0.StoreUnsafe(ref r5, 0);
            c5_1.StoreUnsafe(ref r5, 16);
            ref float r6 = ref Unsafe.Add(ref c, 6 * ldc);
            c6_0.StoreUnsafe(ref r6, 0);
            c6_1.StoreUnsafe(ref r6, 16);
            ref float r7 = ref Unsafe.Add(ref c, 7 * ldc);
            c7_0.StoreUnsafe(ref r7, 0);
            c7_1.StoreUnsafe(ref r7, 16);
            ref float r8 = ref Unsafe.Add(ref c, 8 * ldc);
            c8_0.StoreUnsafe(ref r8, 0);
            c8_1.StoreUnsafe(ref r8, 16);
            ref float r9 = ref Unsafe.Add(ref c, 9 * ldc);
            c9_0.StoreUnsafe(ref r9, 0);
            c9_1.StoreUnsafe(ref r9, 16);
            ref float r10 = ref Unsafe.Add(ref c, 10 * ldc);
            c10_0.StoreUnsafe(ref r10, 0);
            c10_1.StoreUnsafe(ref r10, 16);
            ref float r11 = ref Unsafe.Add(ref c, 11 * ldc);
            c11_0.StoreUnsafe(ref r11, 0);
            c11_1.StoreUnsafe(ref r11, 16);
        }
        /// <summary>One 8×32 tile of raw sums: c[r, :] = Σ_p A[r, p]·B̃[p, :] over kc steps, A read in place
        /// (8 rows lda apart, contiguous along k), B̃ a packed kc×32 micro-panel; c rows ldc apart.
        /// Generated by Generator/gemm_tile.py.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void TileRowsOfA8(nuint kc, ref float a, nuint lda, ref float bPanel, ref float c, nuint ldc)
        {
            // 16 accumulators + 2 B vectors + 1 broadcast of A = 19 registers.
            Vector512<float> c0_0 = default, c0_1 = default;
            Vector512<float> c1_0 = default, c1_1 = default;
            Vector512<float> c2_0 = default, c2_1 = default;
            Vector512<float> c3_0 = default, c3_1 = default;
            Vector512<float> c4_0 = default, c4_1 = default;
            Vector512<float> c5_0 = default, c5_1 = default;
            Vector512<float> c6_0 = default, c6_1 = default;
            Vector512<float> c7_0 = default, c7_1 = default;
            nuint o1 = 1 * lda;
            nuint o2 = 2 * lda;
            nuint o3 = 3 * lda;
            nuint o4 = 4 * lda;
            nuint o5 = 5 * lda;
            nuint o6 = 6 * lda;
            nuint o7 = 7 * lda;
            ref float b = ref bPanel;
            fixed (float* a0 = &a)
            {
                float* ap = a0;
                // Every 16 k steps (one 64-byte line of each row) ask for the line 32 steps ahead in
                // each row: the rows' lines are too many interleaved streams for the hardware prefetcher
                // when A (the weights) comes from L3.
                for (nuint p0 = 0; p0 < kc; p0 += 16)
                {
                    Sse.Prefetch0(ap + 32);
                    Sse.Prefetch0(ap + o1 + 32);
                    Sse.Prefetch0(ap + o2 + 32);
                    Sse.Prefetch0(ap + o3 + 32);
                    Sse.Prefetch0(ap + o4 + 32);
                    Sse.Prefetch0(ap + o5 + 32);
                    Sse.Prefetch0(ap + o6 + 32);
                    Sse.Prefetch0(ap + o7 + 32);
                    nuint end = Math.Min(kc, p0 + 16);
                    for (nuint p = p0; p < end; p++)
                    {
                        Vector512<float> b0 = Vector512.LoadUnsafe(ref b, 0);
                        Vector512<float> b1 = Vector512.LoadUnsafe(ref b, 16);
                        Vector512<float> ai = Vector512.Create(ap[0]);
                        c0_0 = Vector512.FusedMultiplyAdd(ai, b0, c0_0);
                        c0_1 = Vector512.FusedMultiplyAdd(ai, b1, c0_1);
                        ai = Vector512.Create(ap[o1]);
                        c1_0 = Vector512.FusedMultiplyAdd(ai, b0, c1_0);
                        c1_1 = Vector512.FusedMultiplyAdd(ai, b1, c1_1);
                        ai = Vector512.Create(ap[o2]);
                        c2_0 = Vector512.FusedMultiplyAdd(ai, b0, c2_0);
                        c2_1 = Vector512.FusedMultiplyAdd(ai, b1, c2_1);
                        ai = Vector512.Create(ap[o3]);
                        c3_0 = Vector512.FusedMultiplyAdd(ai, b0, c3_0);
                        c3_1 = Vector512.FusedMultiplyAdd(ai, b1, c3_1);
                        ai = Vector512.Create(ap[o4]);
                        c4_0 = Vector512.FusedMultiplyAdd(ai, b0, c4_0);
                        c4_1 = Vector512.FusedMultiplyAdd(ai, b1, c4_1);
                        ai = Vector512.Create(ap[o5]);
                        c5_0 = Vector512.FusedMultiplyAdd(ai, b0, c5_0);
                        c5_1 = Vector512.FusedMultiplyAdd(ai, b1, c5_1);
                        ai = Vector512.Create(ap[o6]);
                        c6_0 = Vector512.FusedMultiplyAdd(ai, b0, c6_0);
                        c6_1 = Vector512.FusedMultiplyAdd(ai, b1, c6_1);
                        ai = Vector512.Create(ap[o7]);
                        c7_0 = Vector512.FusedMultiplyAdd(ai, b0, c7_0);
                        c7_1 = Vector512.FusedMultiplyAdd(ai, b1, c7_1);
                        ap++;
                        b = ref Unsafe.Add(ref b, 32);
                    }
                }
            }

            ref float r0 = ref Unsafe.Add(ref c, 0 * ldc);
            c0_0.StoreUnsafe(ref r0, 0);
            c0_1.StoreUnsafe(ref r0, 16);
            ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
            c1_0.StoreUnsafe(ref r1, 0);
            c1_1.StoreUnsafe(ref r1, 16);
            ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
            c2_0.StoreUnsafe(ref r2, 0);
            c2_1.StoreUnsafe(ref r2, 16);
            ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
            c3_0.StoreUnsafe(ref r3, 0);
            c3_1.StoreUnsafe(ref r3, 16);
            ref float r4 = ref Unsafe.Add(ref c, 4 * ldc);
            c4_0.StoreUnsafe(ref r4, 0);
            c4_1.StoreUnsafe(ref r4, 16);
            ref float r5 = ref Unsafe.Add(ref c, 5 * ldc);
            c5_0.StoreUnsafe(ref r5, 0);
            c5_1.StoreUnsafe(ref r5, 16);
            ref float r6 = ref Unsafe.Add(ref c, 6 * ldc);
            c6_0.StoreUnsafe(ref r6, 0);
            c6_1.StoreUnsafe(ref r6, 16);
            ref float r7 = ref Unsafe.Add(ref c, 7 * ldc);
            c7_0.StoreUnsafe(ref r7, 0);
            c7_1.StoreUnsafe(ref r7, 16);
        }
        /// <summary>One 4×32 tile of raw sums: c[r, :] = Σ_p A[r, p]·B̃[p, :] over kc steps, A read in place
        /// (4 rows lda apart, contiguous along k), B̃ a packed kc×32 micro-panel; c rows ldc apart.
        /// Generated by Generator/gemm_tile.py.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void TileRowsOfA4(nuint kc, ref float a, nuint lda, ref float bPanel, ref float c, nuint ldc)
        {
            // 8 accumulators + 2 B vectors + 1 broadcast of A = 11 registers.
            Vector512<float> c0_0 = default, c0_1 = default;
            Vector512<float> c1_0 = default, c1_1 = default;
            Vector512<float> c2_0 = default, c2_1 = default;
            Vector512<float> c3_0 = default, c3_1 = default;
            nuint o1 = 1 * lda;
            nuint o2 = 2 * lda;
            nuint o3 = 3 * lda;
            ref float b = ref bPanel;
            fixed (float* a0 = &a)
            {
                float* ap = a0;
                // Every 16 k steps (one 64-byte line of each row) ask for the line 32 steps ahead in
                // each row: the rows' lines are too many interleaved streams for the hardware prefetcher
                // when A (the weights) comes from L3.
                for (nuint p0 = 0; p0 < kc; p0 += 16)
                {
                    Sse.Prefetch0(ap + 32);
                    Sse.Prefetch0(ap + o1 + 32);
                    Sse.Prefetch0(ap + o2 + 32);
                    Sse.Prefetch0(ap + o3 + 32);
                    nuint end = Math.Min(kc, p0 + 16);
                    for (nuint p = p0; p < end; p++)
                    {
                        Vector512<float> b0 = Vector512.LoadUnsafe(ref b, 0);
                        Vector512<float> b1 = Vector512.LoadUnsafe(ref b, 16);
                        Vector512<float> ai = Vector512.Create(ap[0]);
                        c0_0 = Vector512.FusedMultiplyAdd(ai, b0, c0_0);
                        c0_1 = Vector512.FusedMultiplyAdd(ai, b1, c0_1);
                        ai = Vector512.Create(ap[o1]);
                        c1_0 = Vector512.FusedMultiplyAdd(ai, b0, c1_0);
                        c1_1 = Vector512.FusedMultiplyAdd(ai, b1, c1_1);
                        ai = Vector512.Create(ap[o2]);
                        c2_0 = Vector512.FusedMultiplyAdd(ai, b0, c2_0);
                        c2_1 = Vector512.FusedMultiplyAdd(ai, b1, c2_1);
                        ai = Vector512.Create(ap[o3]);
                        c3_0 = Vector512.FusedMultiplyAdd(ai, b0, c3_0);
                        c3_1 = Vector512.FusedMultiplyAdd(ai, b1, c3_1);
                        ap++;
                        b = ref Unsafe.Add(ref b, 32);
                    }
                }
            }

            ref float r0 = ref Unsafe.Add(ref c, 0 * ldc);
            c0_0.StoreUnsafe(ref r0, 0);
            c0_1.StoreUnsafe(ref r0, 16);
            ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
            c1_0.StoreUnsafe(ref r1, 0);
            c1_1.StoreUnsafe(ref r1, 16);
            ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
            c2_0.StoreUnsafe(ref r2, 0);
            c2_1.StoreUnsafe(ref r2, 16);
            ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
            c3_0.StoreUnsafe(ref r3, 0);
            c3_1.StoreUnsafe(ref r3, 16);
        }
        /// <summary>One 2×32 tile of raw sums: c[r, :] = Σ_p A[r, p]·B̃[p, :] over kc steps, A read in place
        /// (2 rows lda apart, contiguous along k), B̃ a packed kc×32 micro-panel; c rows ldc apart.
        /// Generated by Generator/gemm_tile.py.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void TileRowsOfA2(nuint kc, ref float a, nuint lda, ref float bPanel, ref float c, nuint ldc)
        {
            // 4 accumulators + 2 B vectors + 1 broadcast of A = 7 registers.
            Vector512<float> c0_0 = default, c0_1 = default;
            Vector512<float> c1_0 = default, c1_1 = default;
            nuint o1 = 1 * lda;
            ref float b = ref bPanel;
            fixed (float* a0 = &a)
            {
                float* ap = a0;
                // Every 16 k steps (one 64-byte line of each row) ask for the line 32 steps ahead in
                // each row: the rows' lines are too many interleaved streams for the hardware prefetcher
                // when A (the weights) comes from L3.
                for (nuint p0 = 0; p0 < kc; p0 += 16)
                {
                    Sse.Prefetch0(ap + 32);
                    Sse.Prefetch0(ap + o1 + 32);
                    nuint end = Math.Min(kc, p0 + 16);
                    for (nuint p = p0; p < end; p++)
                    {
                        Vector512<float> b0 = Vector512.LoadUnsafe(ref b, 0);
                        Vector512<float> b1 = Vector512.LoadUnsafe(ref b, 16);
                        Vector512<float> ai = Vector512.Create(ap[0]);
                        c0_0 = Vector512.FusedMultiplyAdd(ai, b0, c0_0);
                        c0_1 = Vector512.FusedMultiplyAdd(ai, b1, c0_1);
                        ai = Vector512.Create(ap[o1]);
                        c1_0 = Vector512.FusedMultiplyAdd(ai, b0, c1_0);
                        c1_1 = Vector512.FusedMultiplyAdd(ai, b1, c1_1);
                        ap++;
                        b = ref Unsafe.Add(ref b, 32);
                    }
                }
            }

            ref float r0 = ref Unsafe.Add(ref c, 0 * ldc);
            c0_0.StoreUnsafe(ref r0, 0);
            c0_1.StoreUnsafe(ref r0, 16);
            ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
            c1_0.StoreUnsafe(ref r1, 0);
            c1_1.StoreUnsafe(ref r1, 16);
        }
        /// <summary>One 1×32 tile of raw sums: c[r, :] = Σ_p A[r, p]·B̃[p, :] over kc steps, A read in place
        /// (1 rows lda apart, contiguous along k), B̃ a packed kc×32 micro-panel; c rows ldc apart.
        /// Generated by Generator/gemm_tile.py.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void TileRowsOfA1(nuint kc, ref float a, nuint lda, ref float bPanel, ref float c, nuint ldc)
        {
            // 2 accumulators + 2 B vectors + 1 broadcast of A = 5 registers.
            Vector512<float> c0_0 = default, c0_1 = default;
            ref float b = ref bPanel;
            fixed (float* a0 = &a)
            {
                float* ap = a0;
                // Every 16 k steps (one 64-byte line of each row) ask for the line 32 steps ahead in
                // each row: the rows' lines are too many interleaved streams for the hardware prefetcher
                // when A (the weights) comes from L3.
                for (nuint p0 = 0; p0 < kc; p0 += 16)
                {
                    Sse.Prefetch0(ap + 32);
                    nuint end = Math.Min(kc, p0 + 16);
                    for (nuint p = p0; p < end; p++)
                    {
                        Vector512<float> b0 = Vector512.LoadUnsafe(ref b, 0);
                        Vector512<float> b1 = Vector512.LoadUnsafe(ref b, 16);
                        Vector512<float> ai = Vector512.Create(ap[0]);
                        c0_0 = Vector512.FusedMultiplyAdd(ai, b0, c0_0);
                        c0_1 = Vector512.FusedMultiplyAdd(ai, b1, c0_1);
                        ap++;
                        b = ref Unsafe.Add(ref b, 32);
                    }
                }
            }

            ref float r0 = ref Unsafe.Add(ref c, 0 * ldc);
            c0_0.StoreUnsafe(ref r0, 0);
            c0_1.StoreUnsafe(ref r0, 16);
        }
    }
}
