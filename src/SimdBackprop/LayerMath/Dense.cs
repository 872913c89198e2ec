using SimdBackprop.Kernels.Elementwise;
using SimdBackprop.LayerMath;
using SimdBackprop.Validation;

namespace SimdBackprop;

/// <summary>
/// One fully connected layer, forward and backward side by side (as llm.c pairs matmul_forward with
/// matmul_backward). Shapes follow PyTorch's nn.Linear: weights are outFeatures × inFeatures, row-major.
/// </summary>
public static class Dense
{
    /// <summary>
    /// u = input·Wᵀ + b, o = σ(u): u_i = Σ_ℓ θ_iℓ·o_ℓ + b_i for every sample.
    /// <paramref name="output"/> may be the very same span as <paramref name="preActivation"/> (inference only:
    /// <see cref="Backward"/> needs both).
    /// </summary>
    /// <param name="batch">Samples M.</param>
    /// <param name="inFeatures">Inputs per sample.</param>
    /// <param name="outFeatures">Outputs per sample.</param>
    /// <param name="input">o_ℓ, batch × inFeatures.</param>
    /// <param name="weights">θ, outFeatures × inFeatures.</param>
    /// <param name="bias">b, outFeatures.</param>
    /// <param name="activation">σ.</param>
    /// <param name="preActivation">u, batch × outFeatures (written).</param>
    /// <param name="output">o = σ(u), batch × outFeatures (written).</param>
    /// <param name="degreeOfParallelism">Threads at most for the matrix product and the activation (1: this thread
    /// only); the result is bit-identical for every degree.</param>
    /// <exception cref="ArgumentException">A size is negative, a span is too short, or a written span overlaps an input (named).</exception>
    public static void Forward(
        int batch, int inFeatures, int outFeatures,
        ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Activation activation,
        Span<float> preActivation, Span<float> output, int degreeOfParallelism = 1)
    {
        Check.Positive(degreeOfParallelism, nameof(degreeOfParallelism));
        (int inputLength, int weightsLength, int outputLength) = ValidateShape(batch, inFeatures, outFeatures, input, weights);
        Check.AtLeast(bias.Length, outFeatures, nameof(bias));
        Check.AtLeast(preActivation.Length, outputLength, nameof(preActivation));
        Check.AtLeast(output.Length, outputLength, nameof(output));
        Span<float> u = preActivation[..outputLength];
        Span<float> o = output[..outputLength];
        Check.NoOverlap(input[..inputLength], u, nameof(input), nameof(preActivation));
        Check.NoOverlap(weights[..weightsLength], u, nameof(weights), nameof(preActivation));
        Check.NoOverlap(bias[..outFeatures], u, nameof(bias), nameof(preActivation));
        Check.NoOverlap(input[..inputLength], o, nameof(input), nameof(output));
        Check.NoOverlap(weights[..weightsLength], o, nameof(weights), nameof(output));
        Check.NoPartialOverlap(u, o, nameof(preActivation), nameof(output));

        // u ← b broadcast to every row, then u ← 1·X·Wᵀ + 1·u: the bias rides in GEMM's β term.
        for (int r = 0; r < batch; r++)
        {
            bias[..outFeatures].CopyTo(u.Slice(r * outFeatures, outFeatures));
        }

        Product(false, true, batch, outFeatures, inFeatures, input, inFeatures, weights, inFeatures, 1f, u, outFeatures, degreeOfParallelism);
        ActivationDispatch.Forward(activation, outFeatures, u, o, degreeOfParallelism);
    }

    /// <summary>
    /// From ∂E/∂o (dOutput): δ = dOutput ⊙ σ'(u); dInput = δ·W (Σ_j δ_j·θ_ji, what goes to the layer below);
    /// dWeights += δᵀ·input (∂E/∂θ_iℓ = Σ_samples δ_i·o_ℓ); dBias += Σ_samples δ. Gradients accumulate:
    /// zero them explicitly before a new batch.
    /// </summary>
    /// <param name="batch">Samples M.</param>
    /// <param name="inFeatures">Inputs per sample.</param>
    /// <param name="outFeatures">Outputs per sample.</param>
    /// <param name="input">o_ℓ of the forward pass, batch × inFeatures.</param>
    /// <param name="weights">θ, outFeatures × inFeatures.</param>
    /// <param name="activation">σ; must have a derivative.</param>
    /// <param name="preActivation">u of the forward pass, batch × outFeatures.</param>
    /// <param name="output">o of the forward pass, batch × outFeatures.</param>
    /// <param name="dOutput">∂E/∂o, batch × outFeatures.</param>
    /// <param name="delta">δ, batch × outFeatures (written); may be the very same span as <paramref name="dOutput"/>.</param>
    /// <param name="dInput">∂E/∂input = δ·W, batch × inFeatures (written); empty to skip (the first layer).</param>
    /// <param name="dWeights">∂E/∂θ, outFeatures × inFeatures (accumulated, or overwritten when <paramref name="accumulate"/> is false).</param>
    /// <param name="dBias">∂E/∂b, outFeatures (accumulated, or overwritten when <paramref name="accumulate"/> is false).</param>
    /// <param name="accumulate">True (the default): add this batch's gradients to dWeights and dBias. False: write
    /// them, not reading what was there (a training step's first backward pass, instead of zeroing the gradients
    /// and then adding to zeros).</param>
    /// <param name="degreeOfParallelism">Threads at most for the matrix products, δ and the bias gradient (1: this
    /// thread only); the gradients are bit-identical for every degree.</param>
    /// <exception cref="ArgumentException">A size is negative, a span is too short, or spans overlap where they must not (named).</exception>
    /// <exception cref="NotSupportedException">The activation has no derivative (threshold).</exception>
    public static void Backward(
        int batch, int inFeatures, int outFeatures,
        ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Activation activation,
        ReadOnlySpan<float> preActivation, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput,
        Span<float> delta, Span<float> dInput, Span<float> dWeights, Span<float> dBias, bool accumulate = true, int degreeOfParallelism = 1)
    {
        Check.Positive(degreeOfParallelism, nameof(degreeOfParallelism));
        Activations.RequireDerivative(activation);
        (int inputLength, int weightsLength, int outputLength) = ValidateShape(batch, inFeatures, outFeatures, input, weights);
        Check.AtLeast(preActivation.Length, outputLength, nameof(preActivation));
        Check.AtLeast(output.Length, outputLength, nameof(output));
        Check.AtLeast(dOutput.Length, outputLength, nameof(dOutput));
        Check.AtLeast(delta.Length, outputLength, nameof(delta));
        Check.AtLeast(dWeights.Length, weightsLength, nameof(dWeights));
        Check.AtLeast(dBias.Length, outFeatures, nameof(dBias));
        bool skipInput = dInput.IsEmpty;
        if (!skipInput)
        {
            Check.AtLeast(dInput.Length, inputLength, nameof(dInput));
        }

        Span<float> d = delta[..outputLength];
        Span<float> dW = dWeights[..weightsLength];
        Span<float> dB = dBias[..outFeatures];
        Span<float> dX = skipInput ? default : dInput[..inputLength];
        ReadOnlySpan<float> x = input[..inputLength];
        ReadOnlySpan<float> w = weights[..weightsLength];
        ReadOnlySpan<float> u = preActivation[..outputLength];
        ReadOnlySpan<float> o = output[..outputLength];
        ReadOnlySpan<float> dO = dOutput[..outputLength];

        // δ may replace dOutput in place; nothing else written may touch what is still to be read.
        Check.NoPartialOverlap(dO, d, nameof(dOutput), nameof(delta));
        NotOverlappingForwardState(d, nameof(delta), x, w, u, o);
        NotOverlappingForwardState(dW, nameof(dWeights), x, w, u, o);
        NotOverlappingForwardState(dB, nameof(dBias), x, w, u, o);
        NotOverlappingForwardState(dX, nameof(dInput), x, w, u, o);
        Check.NoOverlap(dO, dW, nameof(dOutput), nameof(dWeights));
        Check.NoOverlap(dO, dB, nameof(dOutput), nameof(dBias));
        Check.NoOverlap(d, dW, nameof(delta), nameof(dWeights));
        Check.NoOverlap(d, dB, nameof(delta), nameof(dBias));
        Check.NoOverlap(d, dX, nameof(delta), nameof(dInput));
        Check.NoOverlap(dO, dX, nameof(dOutput), nameof(dInput));
        Check.NoOverlap(dW, dB, nameof(dWeights), nameof(dBias));
        Check.NoOverlap(dW, dX, nameof(dWeights), nameof(dInput));
        Check.NoOverlap(dB, dX, nameof(dBias), nameof(dInput));

        // δ_i = σ'(u_i)·∂E/∂o_i
        ActivationDispatch.Backward(activation, outFeatures, dO, u, o, d, degreeOfParallelism);

        // ∂E/∂θ_iℓ += Σ_samples δ_i·o_ℓ: (out × batch)·(batch × in), the transpose absorbed by GEMM (β = 0 overwrites).
        Product(true, false, outFeatures, inFeatures, batch, d, outFeatures, x, inFeatures, accumulate ? 1f : 0f, dW, inFeatures, degreeOfParallelism);

        // ∂E/∂b_i += Σ_samples δ_i
        if (!accumulate)
        {
            dB.Clear();
        }

        ColumnSums.Accumulate(batch, outFeatures, d, dB, degreeOfParallelism);

        // Σ_j δ_j·θ_ji for every input ℓ: (batch × out)·(out × in).
        if (!skipInput)
        {
            Product(false, false, batch, inFeatures, outFeatures, d, outFeatures, w, inFeatures, 0f, dX, inFeatures, degreeOfParallelism);
        }
    }

    /// <summary>
    /// C = op(A)·op(B) + β·C on one thread, or cut across <paramref name="degreeOfParallelism"/> threads. The cut
    /// splits C into blocks of whole tiles and each element is summed in the same order, so the result is
    /// bit-identical for every degree (the tests check it).
    /// </summary>
    private static void Product(
        bool transposeA, bool transposeB, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc, int degreeOfParallelism)
    {
        if (degreeOfParallelism == 1)
        {
            Gemm.Multiply(transposeA, transposeB, m, n, k, 1f, a, lda, b, ldb, beta, c, ldc);
        }
        else
        {
            Gemm.Multiply(transposeA, transposeB, m, n, k, 1f, a, lda, b, ldb, beta, c, ldc, degreeOfParallelism);
        }
    }

    private static (int Input, int Weights, int Output) ValidateShape(
        int batch, int inFeatures, int outFeatures, ReadOnlySpan<float> input, ReadOnlySpan<float> weights)
    {
        Check.NonNegative(batch, nameof(batch));
        Check.NonNegative(inFeatures, nameof(inFeatures));
        Check.NonNegative(outFeatures, nameof(outFeatures));
        int inputLength = CheckedProduct(batch, inFeatures, nameof(batch));
        int weightsLength = CheckedProduct(outFeatures, inFeatures, nameof(outFeatures));
        int outputLength = CheckedProduct(batch, outFeatures, nameof(batch));
        Check.AtLeast(input.Length, inputLength, nameof(input));
        Check.AtLeast(weights.Length, weightsLength, nameof(weights));
        return (inputLength, weightsLength, outputLength);
    }

    private static int CheckedProduct(int a, int b, string paramName)
    {
        long product = (long)a * b;
        if (product > int.MaxValue)
        {
            ThrowHelper.Argument(paramName, $"The shape {a} × {b} exceeds the largest span.");
        }

        return (int)product;
    }

    private static void NotOverlappingForwardState(
        ReadOnlySpan<float> written, string writtenName,
        ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> preActivation, ReadOnlySpan<float> output)
    {
        Check.NoOverlap(input, written, nameof(input), writtenName);
        Check.NoOverlap(weights, written, nameof(weights), writtenName);
        Check.NoOverlap(preActivation, written, nameof(preActivation), writtenName);
        Check.NoOverlap(output, written, nameof(output), writtenName);
    }
}
