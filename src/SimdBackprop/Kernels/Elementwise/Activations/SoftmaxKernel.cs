using SimdBackprop.Kernels.Elementwise.Losses;

namespace SimdBackprop.Kernels.Elementwise.Activations;

/// <summary>
/// Softmax over each row of a row-major batch, p_i = e^(z_i − max)/Σ_j e^(z_j − max), and its backward
/// through the full Jacobian, δ_i = p_i·(g_i − Σ_j g_j·p_j) (g = ∂E/∂p). Sums run in float vectors per chunk,
/// the chunks added in double (<see cref="LossKernels.Sum"/>). Callers validated that the spans hold whole rows.
/// </summary>
internal static class SoftmaxKernel
{
    /// <summary>p = softmax(z) row by row; p may be z itself (each row is read before it is written).</summary>
    public static void Forward(int batch, int features, ReadOnlySpan<float> z, Span<float> p)
    {
        for (int m = 0; m < batch; m++)
        {
            ReadOnlySpan<float> row = z.Slice(m * features, features);
            Span<float> destination = p.Slice(m * features, features);
            float max = RowMax.Max(row);
            ElementwiseDriver.Unary(new ShiftedExpOperator(max), row, destination); // may be in place: row is not read again
            double sum = LossKernels.Sum(new FirstOperandOperator(), destination, destination);
            ElementwiseDriver.Unary(new ScaleOperator((float)(1 / sum)), destination, destination);
        }
    }

    /// <summary>δ = p ⊙ (g − (g·p)) row by row; δ may be g itself (the row's dot product is taken first).</summary>
    public static void Backward(int batch, int features, ReadOnlySpan<float> g, ReadOnlySpan<float> p, Span<float> delta)
    {
        for (int m = 0; m < batch; m++)
        {
            ReadOnlySpan<float> gRow = g.Slice(m * features, features);
            ReadOnlySpan<float> pRow = p.Slice(m * features, features);
            float dot = (float)LossKernels.Sum(new ProductOperator(), gRow, pRow);
            ElementwiseDriver.Binary(new SoftmaxBackwardOperator(dot), gRow, pRow, delta.Slice(m * features, features));
        }
    }
}
