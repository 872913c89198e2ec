using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.Threading;

namespace SimdBackprop.Kernels.Elementwise;

/// <summary>destination[j] += Σ_r matrix[r, j]: the bias gradient ∂E/∂b_i = Σ_samples δ_i.</summary>
internal static class ColumnSums
{
    /// <param name="rows">Rows of the matrix (samples).</param>
    /// <param name="cols">Columns (features).</param>
    /// <param name="matrix">rows × cols, row-major, validated by the caller.</param>
    /// <param name="destination">cols, accumulated into.</param>
    public static void Accumulate(int rows, int cols, ReadOnlySpan<float> matrix, Span<float> destination) =>
        Accumulate(rows, cols, cols, matrix, destination);

    /// <summary>The same on up to <paramref name="degreeOfParallelism"/> threads (1: this one), each summing a range
    /// of whole cache lines of columns over every row in row order: the same sums, in the same order.</summary>
    /// <param name="rows">Rows of the matrix (samples).</param>
    /// <param name="cols">Columns (features).</param>
    /// <param name="matrix">rows × cols, row-major, validated by the caller.</param>
    /// <param name="destination">cols, accumulated into.</param>
    /// <param name="degreeOfParallelism">Threads at most.</param>
    public static unsafe void Accumulate(int rows, int cols, ReadOnlySpan<float> matrix, Span<float> destination, int degreeOfParallelism)
    {
        if (degreeOfParallelism == 1)
        {
            Accumulate(rows, cols, matrix, destination);
            return;
        }

        fixed (float* m = matrix, d = destination)
        {
            ForkJoin.RunRange(new ColumnSumsRange(rows, cols, m, d), cols, rows, ForkJoin.MinElementsPerThread, ForkJoin.FloatsPerLine, degreeOfParallelism);
        }
    }

    /// <summary>destination[j] += Σ_r matrix[r, j] for the cols columns of a matrix whose rows are ld floats apart.</summary>
    /// <param name="rows">Rows of the matrix (samples).</param>
    /// <param name="cols">Columns summed.</param>
    /// <param name="ld">Floats between the starts of two rows.</param>
    /// <param name="matrix">rows × cols, rows ld apart.</param>
    /// <param name="destination">cols, accumulated into.</param>
    public static void Accumulate(int rows, int cols, int ld, ReadOnlySpan<float> matrix, Span<float> destination)
    {
        // Row by row through the element-wise driver: each pass streams one row and the (L1-resident)
        // destination, which is as fast as a column-blocked walk for the layer widths networks use.
        for (int r = 0; r < rows; r++)
        {
            ElementwiseDriver.Binary(default(AddOperator), destination[..cols], matrix.Slice(r * ld, cols), destination[..cols]);
        }
    }

    private readonly struct AddOperator : IBinaryOperator
    {
        public float Invoke(float x, float y) => x + y;

        public Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x + y;

        public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x + y;

        public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x + y;
    }
}
