using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using SimdBackprop.Kernels.MathFunctions;

namespace SimdBackprop.Kernels.MatrixProducts.MicroKernels;

internal static partial class GemmMicroKernel
{
    /// <summary>
    /// 128-bit tier: a 6×8 register tile. 6 rows × 2 Vector128 = 12 accumulators, plus 2 B vectors and one
    /// broadcast = 15 of the 16 xmm registers of an SSE machine (NEON has 32, so it fits there too).
    /// </summary>
    internal readonly struct V128 : IGemmKernel<Vector128<float>>
    {
        public static int MR => 6;

        public static int NR => 8;

        public static GemmBlocking Blocking { get; } = GemmBlocking.SixteenRegisters(MR, NR, CacheSizes.Current);

        public static int Width => 4;

        public static Vector128<float> Zero => Vector128<float>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Load(ref float source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector128<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

        /// <summary>
        /// Fused where the hardware fuses. An SSE-only x64 machine (DOTNET_EnableAVX2=0) has no FMA, and
        /// Vector128.FusedMultiplyAdd would fall back to a per-lane software call there, so multiply and add.
        /// The ISA checks are JIT constants inside the already chosen 128-bit width.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> addend) =>
            MultiplyAdd.Invoke(a, b, addend);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sum(Vector128<float> value) => Vector128.Sum(value);

        /// <summary>Two levels of horizontal adds: [a₀+a₁, a₂+a₃, b₀+b₁, b₂+b₃] and so on, then the four sums.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Sum4(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d)
        {
            if (!Sse3.IsSupported)
            {
                return Vector128.Create(Vector128.Sum(a), Vector128.Sum(b), Vector128.Sum(c), Vector128.Sum(d));
            }

            return Sse3.HorizontalAdd(Sse3.HorizontalAdd(a, b), Sse3.HorizontalAdd(c, d));
        }

        /// <summary>One full 6×8 tile: C = α·Ã·B̃ + β·C over kc steps of the packed micro-panels
        /// (Ã: kc×6, B̃: kc×8, both k-major). β = 0: C is only written.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Tile(nuint kc, ref float aPanel, ref float bPanel, ref float c, nuint ldc, float alpha, float beta)
        {
            // 12 accumulators + 2 B vectors + 1 broadcast of A: all in registers (no spills).
            Vector128<float> c00 = default, c01 = default;
            Vector128<float> c10 = default, c11 = default;
            Vector128<float> c20 = default, c21 = default;
            Vector128<float> c30 = default, c31 = default;
            Vector128<float> c40 = default, c41 = default;
            Vector128<float> c50 = default, c51 = default;
            ref float a = ref aPanel;
            ref float b = ref bPanel;
            for (nuint p = 0; p < kc; p++)
            {
                Vector128<float> b0 = Vector128.LoadUnsafe(ref b, 0);
                Vector128<float> b1 = Vector128.LoadUnsafe(ref b, 4);
                Vector128<float> ai = Vector128.Create(Unsafe.Add(ref a, 0));
                c00 = MulAdd(ai, b0, c00);
                c01 = MulAdd(ai, b1, c01);
                ai = Vector128.Create(Unsafe.Add(ref a, 1));
                c10 = MulAdd(ai, b0, c10);
                c11 = MulAdd(ai, b1, c11);
                ai = Vector128.Create(Unsafe.Add(ref a, 2));
                c20 = MulAdd(ai, b0, c20);
                c21 = MulAdd(ai, b1, c21);
                ai = Vector128.Create(Unsafe.Add(ref a, 3));
                c30 = MulAdd(ai, b0, c30);
                c31 = MulAdd(ai, b1, c31);
                ai = Vector128.Create(Unsafe.Add(ref a, 4));
                c40 = MulAdd(ai, b0, c40);
                c41 = MulAdd(ai, b1, c41);
                ai = Vector128.Create(Unsafe.Add(ref a, 5));
                c50 = MulAdd(ai, b0, c50);
                c51 = MulAdd(ai, b1, c51);
                a = ref Unsafe.Add(ref a, 6);
                b = ref Unsafe.Add(ref b, 8);
            }

            Vector128<float> alphaV = Vector128.Create(alpha);
            if (beta == 0)
            {
                ref float r0 = ref c;
                (c00 * alphaV).StoreUnsafe(ref r0, 0);
                (c01 * alphaV).StoreUnsafe(ref r0, 4);
                ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
                (c10 * alphaV).StoreUnsafe(ref r1, 0);
                (c11 * alphaV).StoreUnsafe(ref r1, 4);
                ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
                (c20 * alphaV).StoreUnsafe(ref r2, 0);
                (c21 * alphaV).StoreUnsafe(ref r2, 4);
                ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
                (c30 * alphaV).StoreUnsafe(ref r3, 0);
                (c31 * alphaV).StoreUnsafe(ref r3, 4);
                ref float r4 = ref Unsafe.Add(ref c, 4 * ldc);
                (c40 * alphaV).StoreUnsafe(ref r4, 0);
                (c41 * alphaV).StoreUnsafe(ref r4, 4);
                ref float r5 = ref Unsafe.Add(ref c, 5 * ldc);
                (c50 * alphaV).StoreUnsafe(ref r5, 0);
                (c51 * alphaV).StoreUnsafe(ref r5, 4);
            }
            else
            {
                Vector128<float> betaV = Vector128.Create(beta);
                ref float r0 = ref c;
                MulAdd(c00, alphaV, Vector128.LoadUnsafe(ref r0, 0) * betaV).StoreUnsafe(ref r0, 0);
                MulAdd(c01, alphaV, Vector128.LoadUnsafe(ref r0, 4) * betaV).StoreUnsafe(ref r0, 4);
                ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
                MulAdd(c10, alphaV, Vector128.LoadUnsafe(ref r1, 0) * betaV).StoreUnsafe(ref r1, 0);
                MulAdd(c11, alphaV, Vector128.LoadUnsafe(ref r1, 4) * betaV).StoreUnsafe(ref r1, 4);
                ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
                MulAdd(c20, alphaV, Vector128.LoadUnsafe(ref r2, 0) * betaV).StoreUnsafe(ref r2, 0);
                MulAdd(c21, alphaV, Vector128.LoadUnsafe(ref r2, 4) * betaV).StoreUnsafe(ref r2, 4);
                ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
                MulAdd(c30, alphaV, Vector128.LoadUnsafe(ref r3, 0) * betaV).StoreUnsafe(ref r3, 0);
                MulAdd(c31, alphaV, Vector128.LoadUnsafe(ref r3, 4) * betaV).StoreUnsafe(ref r3, 4);
                ref float r4 = ref Unsafe.Add(ref c, 4 * ldc);
                MulAdd(c40, alphaV, Vector128.LoadUnsafe(ref r4, 0) * betaV).StoreUnsafe(ref r4, 0);
                MulAdd(c41, alphaV, Vector128.LoadUnsafe(ref r4, 4) * betaV).StoreUnsafe(ref r4, 4);
                ref float r5 = ref Unsafe.Add(ref c, 5 * ldc);
                MulAdd(c50, alphaV, Vector128.LoadUnsafe(ref r5, 0) * betaV).StoreUnsafe(ref r5, 0);
                MulAdd(c51, alphaV, Vector128.LoadUnsafe(ref r5, 4) * betaV).StoreUnsafe(ref r5, 4);
            }
        }
    }
}
