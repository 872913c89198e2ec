using SimdBackprop.Kernels.MatrixProducts;
using SimdBackprop.Validation;

namespace SimdBackprop;

/// <summary>General matrix multiplication on row-major spans: the one product behind a dense layer's
/// forward pass (X·Wᵀ), its delta propagation (δ·W) and its weight gradient (δᵀ·X).</summary>
public static class Gemm
{
    /// <summary>
    /// C = α·op(A)·op(B) + β·C, row-major, where op(A) is m×k and op(B) is k×n. With β = 0, C is only
    /// written, never read (NaN already in C does not leak). Elements of C outside the m×n window (the
    /// padding of a leading dimension larger than n) are never touched.
    /// </summary>
    /// <param name="transposeA">op(A) = Aᵀ: A is stored k×m. Otherwise A is stored m×k.</param>
    /// <param name="transposeB">op(B) = Bᵀ: B is stored n×k. Otherwise B is stored k×n.</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A), rows of op(B): the summed dimension.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>.</param>
    /// <param name="lda">Distance between rows of A as stored (at least its column count).</param>
    /// <param name="b">B, row-major with leading dimension <paramref name="ldb"/>.</param>
    /// <param name="ldb">Distance between rows of B as stored (at least its column count).</param>
    /// <param name="beta">Scale of the existing C; 0 means C is not read.</param>
    /// <param name="c">C, row-major with leading dimension <paramref name="ldc"/>; must not overlap A or B.</param>
    /// <param name="ldc">Distance between rows of C (at least <paramref name="n"/>).</param>
    /// <exception cref="ArgumentException">A size is negative, a leading dimension is too small, a span is
    /// too short for its shape, or C overlaps A or B. The exception names the parameter.</exception>
    public static void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (Validate(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc))
        {
            GemmDriver.Run(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
    }

    /// <summary>
    /// C = α·op(A)·op(B) + β·C as <see cref="Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>,
    /// on up to <paramref name="degreeOfParallelism"/> threads: the calling thread and threads of a small
    /// pool owned by this class, which are started on first use and then reused (no allocation per call
    /// after warm-up). C is split into independent column or row blocks; a product too small to repay the
    /// hand-off, or a call made while the pool's threads are busy with another caller, runs on fewer
    /// threads. Results may differ from the single-threaded overload in the last bits.
    /// </summary>
    /// <param name="transposeA">op(A) = Aᵀ: A is stored k×m. Otherwise A is stored m×k.</param>
    /// <param name="transposeB">op(B) = Bᵀ: B is stored n×k. Otherwise B is stored k×n.</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A), rows of op(B): the summed dimension.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>.</param>
    /// <param name="lda">Distance between rows of A as stored (at least its column count).</param>
    /// <param name="b">B, row-major with leading dimension <paramref name="ldb"/>.</param>
    /// <param name="ldb">Distance between rows of B as stored (at least its column count).</param>
    /// <param name="beta">Scale of the existing C; 0 means C is not read.</param>
    /// <param name="c">C, row-major with leading dimension <paramref name="ldc"/>; must not overlap A or B.</param>
    /// <param name="ldc">Distance between rows of C (at least <paramref name="n"/>).</param>
    /// <param name="degreeOfParallelism">The most threads to use, counting the caller; 1 runs exactly the single-threaded path.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="degreeOfParallelism"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">A size is negative, a leading dimension is too small, a span is
    /// too short for its shape, or C overlaps A or B. The exception names the parameter.</exception>
    public static void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        int degreeOfParallelism)
    {
        Check.Positive(degreeOfParallelism, nameof(degreeOfParallelism));
        if (!Validate(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc))
        {
            return;
        }

        if (degreeOfParallelism == 1)
        {
            GemmDriver.Run(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
        else
        {
            GemmParallel.Run(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, degreeOfParallelism);
        }
    }

    /// <summary>Checks every argument (throwing and naming the bad one); false when C is empty and there is nothing to do.</summary>
    private static bool Validate(
        bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, ReadOnlySpan<float> c, int ldc)
    {
        Check.NonNegative(m, nameof(m));
        Check.NonNegative(n, nameof(n));
        Check.NonNegative(k, nameof(k));
        CheckMatrix(a, lda, transposeA ? k : m, transposeA ? m : k, nameof(a), nameof(lda));
        CheckMatrix(b, ldb, transposeB ? n : k, transposeB ? k : n, nameof(b), nameof(ldb));
        CheckMatrix(c, ldc, m, n, nameof(c), nameof(ldc));
        if (m == 0 || n == 0)
        {
            return false;
        }

        if (k > 0)
        {
            // Only the elements the product reads and writes count: a longer span of C whose unused tail
            // shares memory with A (one workspace carved into pieces) is not an overlap.
            ReadOnlySpan<float> written = c[..RequiredLength(m, n, ldc)];
            Check.NoOverlap(a[..RequiredLength(transposeA ? k : m, transposeA ? m : k, lda)], written, nameof(a), nameof(c));
            Check.NoOverlap(b[..RequiredLength(transposeB ? n : k, transposeB ? k : n, ldb)], written, nameof(b), nameof(c));
        }

        return true;
    }

    /// <summary>Elements a rows×cols row-major matrix with leading dimension ld spans (0 when empty). Validated
    /// against the span's length first, so after validation it always fits an int.</summary>
    private static long Extent(int rows, int cols, int ld) =>
        rows == 0 || cols == 0 ? 0 : ((long)(rows - 1) * ld) + cols;

    private static int RequiredLength(int rows, int cols, int ld) => (int)Extent(rows, cols, ld);

    private static void CheckMatrix(ReadOnlySpan<float> span, int ld, int rows, int cols, string spanName, string ldName)
    {
        if (ld < cols || ld < 0)
        {
            ThrowHelper.Argument(ldName, $"Leading dimension {ld} is smaller than the {cols} columns stored per row.");
        }

        Check.AtLeast(span.Length, Extent(rows, cols, ld), spanName);
    }
}
