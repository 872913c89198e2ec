using SimdBackprop.Kernels.Elementwise.Activations;
using SimdBackprop.Kernels.Elementwise.Losses;
using SimdBackprop.Validation;

namespace SimdBackprop;

/// <summary>Loss functions E(y, t) and their output gradient ∂E/∂y, over a batch of rows.</summary>
public static class Losses
{
    /// <summary>Computes E and writes ∂E/∂y for a batch of <paramref name="batch"/> rows of <paramref name="features"/> values.</summary>
    /// <param name="loss">The error function.</param>
    /// <param name="batch">Rows (samples), M.</param>
    /// <param name="features">Values per row (network outputs).</param>
    /// <param name="output">y (logits for cross-entropy), batch × features.</param>
    /// <param name="target">t, batch × features (probability rows for cross-entropy).</param>
    /// <param name="dOutput">∂E/∂y, batch × features; may be the very same span as <paramref name="output"/>.</param>
    /// <returns>E.</returns>
    /// <exception cref="ArgumentException">A size is negative or a span is shorter than batch·features (named).</exception>
    public static float Evaluate(LossKind loss, int batch, int features, ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> dOutput)
    {
        int count = Validate(loss, batch, features, output, target);
        Check.AtLeast(dOutput.Length, count, nameof(dOutput));
        Check.NoPartialOverlap(output, dOutput, nameof(output), nameof(dOutput));
        Check.NoOverlap(target[..count], dOutput[..count], nameof(target), nameof(dOutput));
        output = output[..count];
        target = target[..count];
        if (loss == LossKind.SoftmaxCrossEntropy)
        {
            return LossKernels.SoftmaxCrossEntropy(batch, features, output, target, dOutput[..count], gradient: true);
        }

        // The value first: dOutput may be the output itself.
        float value = SquaredError(loss, output, target);
        float scale = loss switch { LossKind.HalfSumOfSquares => 1f, LossKind.SumOfSquares => 2f, _ => 2f / count };
        LossKernels.ScaledDifference(scale, output, target, dOutput[..count]);
        return value;
    }

    /// <summary>Computes E only.</summary>
    /// <param name="loss">The error function.</param>
    /// <param name="batch">Rows (samples), M.</param>
    /// <param name="features">Values per row.</param>
    /// <param name="output">y, batch × features.</param>
    /// <param name="target">t, batch × features.</param>
    /// <returns>E.</returns>
    /// <exception cref="ArgumentException">A size is negative or a span is too short (named).</exception>
    public static float Error(LossKind loss, int batch, int features, ReadOnlySpan<float> output, ReadOnlySpan<float> target)
    {
        int count = Validate(loss, batch, features, output, target);
        return loss == LossKind.SoftmaxCrossEntropy
            ? LossKernels.SoftmaxCrossEntropy(batch, features, output[..count], target[..count], [], gradient: false)
            : SquaredError(loss, output[..count], target[..count]);
    }

    /// <summary>Row-wise softmax, numerically stable (the largest logit is subtracted first).</summary>
    /// <param name="batch">Rows.</param>
    /// <param name="features">Values per row.</param>
    /// <param name="logits">z, batch × features.</param>
    /// <param name="probabilities">softmax(z) per row, batch × features; may be the very same span as <paramref name="logits"/>.</param>
    /// <exception cref="ArgumentException">A size is negative or a span is too short (named).</exception>
    public static void Softmax(int batch, int features, ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        Check.NonNegative(batch, nameof(batch));
        Check.NonNegative(features, nameof(features));
        int count = Check.Elements(batch, features, nameof(features));
        Check.AtLeast(logits.Length, count, nameof(logits));
        Check.AtLeast(probabilities.Length, count, nameof(probabilities));
        Check.NoPartialOverlap(logits, probabilities, nameof(logits), nameof(probabilities));
        SoftmaxKernel.Forward(batch, features, logits[..count], probabilities[..count]);
    }

    /// <summary>½·Σ(y − t)², Σ(y − t)² or their mean over all elements.</summary>
    private static float SquaredError(LossKind loss, ReadOnlySpan<float> y, ReadOnlySpan<float> t)
    {
        double sse = LossKernels.SumOfSquaredDifferences(y, t);
        return loss switch
        {
            LossKind.HalfSumOfSquares => (float)(0.5 * sse),
            LossKind.SumOfSquares => (float)sse,
            _ => y.Length == 0 ? 0f : (float)(sse / y.Length),
        };
    }

    private static int Validate(LossKind loss, int batch, int features, ReadOnlySpan<float> output, ReadOnlySpan<float> target)
    {
        Check.Defined(loss, nameof(loss));
        Check.NonNegative(batch, nameof(batch));
        Check.NonNegative(features, nameof(features));
        int count = Check.Elements(batch, features, nameof(features));
        Check.AtLeast(output.Length, count, nameof(output));
        Check.AtLeast(target.Length, count, nameof(target));
        return count;
    }
}
