using SimdBackprop.Kernels.Elementwise;

namespace SimdBackprop.Kernels.Elementwise.Losses;

/// <summary>
/// The losses on the element-wise drivers. Sums run in float vectors (that is the fast part) but only over
/// chunks of <see cref="Chunk"/> elements; the chunk sums are added in double. So the float rounding grows
/// with Chunk/width terms per lane, not with N: a sum of non-negative terms is good to ≈ (1024/width + log₂ width)·ε
/// ≈ 4e−6 relative in the worst case (≈ 1e−7 typically) whatever N is — the bound the tests state. Callers
/// validated sizes and overlap.
/// </summary>
internal static class LossKernels
{
    private const int Chunk = 1024;

    /// <summary>Σ (y − t)², summed in float chunks added in double.</summary>
    public static double SumOfSquaredDifferences(ReadOnlySpan<float> y, ReadOnlySpan<float> t) =>
        Sum(new SquaredDifferenceOperator(), y, t);

    /// <summary>dOutput = scale·(y − t); dOutput may be y itself.</summary>
    public static void ScaledDifference(float scale, ReadOnlySpan<float> y, ReadOnlySpan<float> t, Span<float> dOutput) =>
        ElementwiseDriver.Binary(new ScaledDifferenceOperator(scale), y, t, dOutput);

    /// <summary>
    /// The mean over rows of −Σ t·log softmax(z), and with <paramref name="gradient"/> ∂E/∂z into dOutput.
    /// Per row: max, S = k + R (k maxima, R = Σ_{z&lt;max} e^(z−max), see <see cref="BelowMaxExpOperator"/>),
    /// T = Σt, A = Σt·(max − z); the row's loss is A + log(S)·T (see <see cref="CrossEntropyTermOperator"/>),
    /// with log S = log k + log1p(R/k) so a confident prediction keeps its tiny loss; then ∂E/∂z in one more pass. Every read of the row happens
    /// before its gradient is written, so dOutput may be y itself.
    /// </summary>
    public static float SoftmaxCrossEntropy(int batch, int features, ReadOnlySpan<float> y, ReadOnlySpan<float> t, Span<float> dOutput, bool gradient)
    {
        if (batch == 0 || features == 0)
        {
            return 0f; // no rows, or empty rows: no terms (an empty row's log Σe^z = −∞ times Σt = 0 would be NaN)
        }

        double total = 0;
        float inverseBatch = 1f / batch;
        for (int m = 0; m < batch; m++)
        {
            ReadOnlySpan<float> z = y.Slice(m * features, features);
            ReadOnlySpan<float> target = t.Slice(m * features, features);
            float max = RowMax.Max(z);
            double k = Sum(new IsMaxOperator(max), z, z);
            double r = Sum(new BelowMaxExpOperator(max), z, z);
            double s = k + r;
            double sumT = Sum(new FirstOperandOperator(), target, target);
            double a = Sum(new CrossEntropyTermOperator(max), z, target);
            total += a + (LogOnePlusRatio(k, r) * sumT);
            if (gradient)
            {
                var op = new CrossEntropyGradientOperator(max, (float)(sumT / (s * batch)), inverseBatch);
                ElementwiseDriver.Binary(op, z, target, dOutput.Slice(m * features, features));
            }
        }

        return (float)(total / batch);
    }

    /// <summary>log(k + r) = log k + log1p(r/k), with log1p's tiny-argument series (Math has no log1p).</summary>
    private static double LogOnePlusRatio(double k, double r)
    {
        double x = r / k;
        double log1p = x < 1e-4 ? x * (1 - (x * (0.5 - (x / 3)))) : Math.Log(1 + x);
        return Math.Log(k) + log1p;
    }

    /// <summary>Σ op(x, y) in float vectors per chunk, the chunks added in double.</summary>
    public static double Sum<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        where TOp : struct, IBinaryOperator
    {
        double sum = 0;
        while (x.Length > Chunk)
        {
            sum += ElementwiseDriver.SumBinary(op, x[..Chunk], y[..Chunk]);
            x = x[Chunk..];
            y = y[Chunk..];
        }

        return sum + ElementwiseDriver.SumBinary(op, x, y);
    }
}
