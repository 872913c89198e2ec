using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.Elementwise;

/// <summary>destination[j] += Σ_r matrix[r, j]: the bias gradient ∂E/∂b_i = Σ_samples δ_i.</summary>
internal static class ColumnSums
{
    /// <param name="rows">Rows of the matrix (samples).</param>
    /// <param name="cols">Columns (features).</param>
    /// <param name="matrix">rows × cols, row-major, validated by the caller.</param>
    /// <param name="destination">cols, accumulated into.</param>
    public static void Accumulate(int rows, int cols, ReadOnlySpan<float> matrix, Span<float> destination)
    {
        // Row by row through the element-wise driver: each pass streams one row and the (L1-resident)
        // destination, which is as fast as a column-blocked walk for the layer widths networks use.
        for (int r = 0; r < rows; r++)
        {
            ElementwiseDriver.Binary(default(AddOperator), destination, matrix.Slice(r * cols, cols), destination);
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
