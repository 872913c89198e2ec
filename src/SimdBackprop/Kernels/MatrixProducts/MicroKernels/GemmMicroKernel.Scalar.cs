using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.MatrixProducts.MicroKernels;

internal static partial class GemmMicroKernel
{
    /// <summary>
    /// Scalar tier (no SIMD): a 4×4 register tile of plain floats. Multiply and add stay separate because
    /// without hardware intrinsics MathF.FusedMultiplyAdd is a library call per element.
    /// </summary>
    internal readonly struct Scalar : IGemmKernel<float>
    {
        public static int MR => 4;

        public static int NR => 4;

        public static GemmBlocking Blocking { get; } = GemmBlocking.SixteenRegisters(MR, NR, CacheSizes.Current);

        public static int Width => 1;

        public static float Zero => 0f;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Load(ref float source, nuint offset) => Unsafe.Add(ref source, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(float value, ref float destination, nuint offset) => Unsafe.Add(ref destination, offset) = value;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Broadcast(float value) => value;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float MulAdd(float a, float b, float addend) => (a * b) + addend;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Add(float a, float b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Multiply(float a, float b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sum(float value) => value;

        public static Vector128<float> Sum4(float a, float b, float c, float d) => Vector128.Create(a, b, c, d);

        /// <summary>One full 4×4 tile: C = α·Ã·B̃ + β·C over kc steps of the packed micro-panels. β = 0: C is only written.</summary>
        public static void Tile(nuint kc, ref float aPanel, ref float bPanel, ref float c, nuint ldc, float alpha, float beta)
        {
            float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
            float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
            float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
            float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
            ref float a = ref aPanel;
            ref float b = ref bPanel;
            for (nuint p = 0; p < kc; p++)
            {
                float b0 = Unsafe.Add(ref b, 0), b1 = Unsafe.Add(ref b, 1), b2 = Unsafe.Add(ref b, 2), b3 = Unsafe.Add(ref b, 3);
                float ai = Unsafe.Add(ref a, 0);
                c00 += ai * b0; c01 += ai * b1; c02 += ai * b2; c03 += ai * b3;
                ai = Unsafe.Add(ref a, 1);
                c10 += ai * b0; c11 += ai * b1; c12 += ai * b2; c13 += ai * b3;
                ai = Unsafe.Add(ref a, 2);
                c20 += ai * b0; c21 += ai * b1; c22 += ai * b2; c23 += ai * b3;
                ai = Unsafe.Add(ref a, 3);
                c30 += ai * b0; c31 += ai * b1; c32 += ai * b2; c33 += ai * b3;
                a = ref Unsafe.Add(ref a, 4);
                b = ref Unsafe.Add(ref b, 4);
            }

            ref float r0 = ref c;
            Write(ref Unsafe.Add(ref r0, 0), c00, alpha, beta);
            Write(ref Unsafe.Add(ref r0, 1), c01, alpha, beta);
            Write(ref Unsafe.Add(ref r0, 2), c02, alpha, beta);
            Write(ref Unsafe.Add(ref r0, 3), c03, alpha, beta);
            ref float r1 = ref Unsafe.Add(ref c, 1 * ldc);
            Write(ref Unsafe.Add(ref r1, 0), c10, alpha, beta);
            Write(ref Unsafe.Add(ref r1, 1), c11, alpha, beta);
            Write(ref Unsafe.Add(ref r1, 2), c12, alpha, beta);
            Write(ref Unsafe.Add(ref r1, 3), c13, alpha, beta);
            ref float r2 = ref Unsafe.Add(ref c, 2 * ldc);
            Write(ref Unsafe.Add(ref r2, 0), c20, alpha, beta);
            Write(ref Unsafe.Add(ref r2, 1), c21, alpha, beta);
            Write(ref Unsafe.Add(ref r2, 2), c22, alpha, beta);
            Write(ref Unsafe.Add(ref r2, 3), c23, alpha, beta);
            ref float r3 = ref Unsafe.Add(ref c, 3 * ldc);
            Write(ref Unsafe.Add(ref r3, 0), c30, alpha, beta);
            Write(ref Unsafe.Add(ref r3, 1), c31, alpha, beta);
            Write(ref Unsafe.Add(ref r3, 2), c32, alpha, beta);
            Write(ref Unsafe.Add(ref r3, 3), c33, alpha, beta);
        }

        /// <summary>c = α·sum + β·c, not reading c when β = 0 (so NaN already in C cannot leak).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Write(ref float c, float sum, float alpha, float beta) =>
            c = beta == 0 ? alpha * sum : (alpha * sum) + (beta * c);
    }
}
