namespace SimdBackprop.Tests.Reference;

/// <summary>C = α·op(A)·op(B) + β·C in double, three plain loops; also returns Σ|a·b| per element for tolerances.</summary>
internal static class ReferenceGemm
{
    /// <summary>Returns (value, magnitude) per C element: value as double, magnitude = |α|·Σ_p |op(A)_ip·op(B)_pj| + |β·C_ij|.</summary>
    public static (double[] Value, double[] Magnitude) Multiply(
        bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        float[] a, int lda, float[] b, int ldb, double beta, float[] c, int ldc)
    {
        var value = new double[m * n];
        var magnitude = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0, abs = 0;
                for (int p = 0; p < k; p++)
                {
                    double av = transposeA ? a[(p * lda) + i] : a[(i * lda) + p];
                    double bv = transposeB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += av * bv;
                    abs += Math.Abs(av * bv);
                }

                double old = beta == 0 ? 0 : beta * c[(i * ldc) + j];
                value[(i * n) + j] = (alpha * sum) + old;
                magnitude[(i * n) + j] = (Math.Abs(alpha) * abs) + Math.Abs(old);
            }
        }

        return (value, magnitude);
    }
}
