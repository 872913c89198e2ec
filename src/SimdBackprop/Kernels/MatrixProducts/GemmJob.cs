namespace SimdBackprop.Kernels.MatrixProducts;

/// <summary>
/// One GEMM (or one block of a parallel one) as plain data, so it can be handed to a pool thread without a
/// closure or any allocation. The operands are raw pointers: the caller keeps them pinned (fixed) until every
/// thread it handed a part to has finished.
/// </summary>
internal unsafe struct GemmJob
{
    public SimdTier Tier; // the caller's tier, so every part runs the same kernels
    public bool TransposeA;
    public bool TransposeB;
    public int M;
    public int N;
    public int K;
    public float Alpha;
    public float Beta;
    public float* A; // op(A) is M×K; stored K×M when TransposeA, rows Lda apart
    public float* B; // op(B) is K×N; stored N×K when TransposeB, rows Ldb apart
    public float* C; // M×N, rows Ldc apart
    public int Lda;
    public int Ldb;
    public int Ldc;

    /// <summary>Runs the product on this thread (single-threaded, as the default overload).</summary>
    public readonly void Execute() =>
        GemmDriver.Run(Tier, TransposeA, TransposeB, M, N, K, Alpha, ref *A, Lda, ref *B, Ldb, Beta, ref *C, Ldc);

    /// <summary>The product restricted to columns j0 … j0+width of C (and of op(B)).</summary>
    public readonly GemmJob Columns(int j0, int width)
    {
        GemmJob part = this;
        part.N = width;
        part.B = B + (TransposeB ? (long)j0 * Ldb : j0); // column j of op(B) is stored row j when transposed
        part.C = C + j0;
        return part;
    }

    /// <summary>The product restricted to rows i0 … i0+height of C (and of op(A)).</summary>
    public readonly GemmJob Rows(int i0, int height)
    {
        GemmJob part = this;
        part.M = height;
        part.A = A + (TransposeA ? i0 : (long)i0 * Lda); // row i of op(A) is stored column i when transposed
        part.C = C + ((long)i0 * Ldc);
        return part;
    }
}
