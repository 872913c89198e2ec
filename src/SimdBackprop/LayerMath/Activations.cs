using SimdBackprop.LayerMath;
using SimdBackprop.Validation;

namespace SimdBackprop;

/// <summary>Activation functions and their derivatives over spans, vectorized on every tier.</summary>
public static class Activations
{
    /// <summary>output = σ(preActivation), element by element. <paramref name="output"/> may be the very same span as the input.</summary>
    /// <param name="activation">σ.</param>
    /// <param name="preActivation">u.</param>
    /// <param name="output">o = σ(u); at least as long as <paramref name="preActivation"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short or partially overlaps the input.</exception>
    public static void Forward(Activation activation, ReadOnlySpan<float> preActivation, Span<float> output)
    {
        RequireElementwise(activation);
        Check.AtLeast(output.Length, preActivation.Length, nameof(output));
        Check.NoPartialOverlap(preActivation, output, nameof(preActivation), nameof(output));
        ActivationDispatch.Forward(activation, preActivation, output);
    }

    /// <summary>
    /// δ = dOutput ⊙ σ'(u): the delta of a layer from what arrives from above. σ' is evaluated from the
    /// pre-activation u and, where cheaper, the output o = σ(u) (sigmoid, tanh), so both are passed.
    /// <paramref name="delta"/> may be the very same span as <paramref name="dOutput"/>.
    /// </summary>
    /// <param name="activation">σ; must have a derivative.</param>
    /// <param name="dOutput">∂E/∂o.</param>
    /// <param name="preActivation">u, as long as <paramref name="dOutput"/>.</param>
    /// <param name="output">o = σ(u), as long as <paramref name="dOutput"/>.</param>
    /// <param name="delta">δ; at least as long as <paramref name="dOutput"/>.</param>
    /// <exception cref="ArgumentException">A length disagrees, or <paramref name="delta"/> partially overlaps an input.</exception>
    /// <exception cref="NotSupportedException">The activation is <see cref="ActivationKind.Threshold"/>, whose derivative is zero almost everywhere and undefined at 0.</exception>
    public static void Backward(Activation activation, ReadOnlySpan<float> dOutput, ReadOnlySpan<float> preActivation, ReadOnlySpan<float> output, Span<float> delta)
    {
        RequireElementwise(activation);
        RequireDerivative(activation);
        Check.SameLength(preActivation.Length, dOutput.Length, nameof(preActivation));
        Check.SameLength(output.Length, dOutput.Length, nameof(output));
        Check.AtLeast(delta.Length, dOutput.Length, nameof(delta));
        Check.NoPartialOverlap(dOutput, delta, nameof(dOutput), nameof(delta));
        Check.NoPartialOverlap(preActivation, delta, nameof(preActivation), nameof(delta));
        Check.NoPartialOverlap(output, delta, nameof(output), nameof(delta));
        ActivationDispatch.Backward(activation, dOutput, preActivation, output, delta);
    }

    /// <summary>destination = σ'(u), element by element (see <see cref="Backward(Activation, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/> for why o is passed too).</summary>
    /// <param name="activation">σ; must have a derivative.</param>
    /// <param name="preActivation">u.</param>
    /// <param name="output">o = σ(u), as long as <paramref name="preActivation"/>.</param>
    /// <param name="destination">σ'(u); at least as long as <paramref name="preActivation"/>.</param>
    /// <exception cref="ArgumentException">A length disagrees, or <paramref name="destination"/> partially overlaps an input.</exception>
    /// <exception cref="NotSupportedException">The activation is <see cref="ActivationKind.Threshold"/>.</exception>
    public static void Derivative(Activation activation, ReadOnlySpan<float> preActivation, ReadOnlySpan<float> output, Span<float> destination)
    {
        if (!activation.IsElementwise)
        {
            throw new NotSupportedException("Softmax's derivative is a Jacobian, not one value per element; use Backward with the row width.");
        }

        RequireDerivative(activation);
        Check.SameLength(output.Length, preActivation.Length, nameof(output));
        Check.AtLeast(destination.Length, preActivation.Length, nameof(destination));
        Check.NoPartialOverlap(preActivation, destination, nameof(preActivation), nameof(destination));
        Check.NoPartialOverlap(output, destination, nameof(output), nameof(destination));
        ActivationDispatch.Derivative(activation, preActivation, output, destination);
    }

    /// <summary>
    /// output = σ(preActivation) for rows of <paramref name="features"/> values: element by element, or for
    /// softmax over each row. <paramref name="output"/> may be the very same span as the input.
    /// </summary>
    /// <param name="activation">σ.</param>
    /// <param name="features">Values per row (sample); the length must be a whole number of rows.</param>
    /// <param name="preActivation">u, rows × features.</param>
    /// <param name="output">o = σ(u); at least as long as <paramref name="preActivation"/>.</param>
    /// <exception cref="ArgumentException">features is not positive, the length is not whole rows, output is too short or partially overlaps the input.</exception>
    public static void Forward(Activation activation, int features, ReadOnlySpan<float> preActivation, Span<float> output)
    {
        CheckRows(features, preActivation.Length, nameof(preActivation));
        Check.AtLeast(output.Length, preActivation.Length, nameof(output));
        Check.NoPartialOverlap(preActivation, output, nameof(preActivation), nameof(output));
        ActivationDispatch.Forward(activation, features, preActivation, output[..preActivation.Length]);
    }

    /// <summary>
    /// δ from ∂E/∂o for rows of <paramref name="features"/> values: dOutput ⊙ σ'(u) element by element, or for
    /// softmax δ_i = o_i·(g_i − Σ_j g_j·o_j) on each row (the Jacobian-vector product). <paramref name="delta"/>
    /// may be the very same span as <paramref name="dOutput"/>.
    /// </summary>
    /// <param name="activation">σ; must have a derivative.</param>
    /// <param name="features">Values per row (sample); the length must be a whole number of rows.</param>
    /// <param name="dOutput">∂E/∂o, rows × features.</param>
    /// <param name="preActivation">u, as long as <paramref name="dOutput"/>.</param>
    /// <param name="output">o = σ(u), as long as <paramref name="dOutput"/>.</param>
    /// <param name="delta">δ = ∂E/∂u; at least as long as <paramref name="dOutput"/>.</param>
    /// <exception cref="ArgumentException">A length disagrees, or <paramref name="delta"/> partially overlaps an input.</exception>
    /// <exception cref="NotSupportedException">The activation is <see cref="ActivationKind.Threshold"/>.</exception>
    public static void Backward(Activation activation, int features, ReadOnlySpan<float> dOutput, ReadOnlySpan<float> preActivation, ReadOnlySpan<float> output, Span<float> delta)
    {
        RequireDerivative(activation);
        CheckRows(features, dOutput.Length, nameof(dOutput));
        Check.SameLength(preActivation.Length, dOutput.Length, nameof(preActivation));
        Check.SameLength(output.Length, dOutput.Length, nameof(output));
        Check.AtLeast(delta.Length, dOutput.Length, nameof(delta));
        Check.NoPartialOverlap(dOutput, delta, nameof(dOutput), nameof(delta));
        Check.NoPartialOverlap(preActivation, delta, nameof(preActivation), nameof(delta));
        Check.NoPartialOverlap(output, delta, nameof(output), nameof(delta));
        ActivationDispatch.Backward(activation, features, dOutput, preActivation, output, delta[..dOutput.Length]);
    }

    private static void RequireElementwise(Activation activation)
    {
        if (!activation.IsElementwise)
        {
            ThrowHelper.Argument(nameof(activation), "Softmax normalises each row: use the overload that takes the row width (features).");
        }
    }

    private static void CheckRows(int features, int length, string paramName)
    {
        if (length == 0 && features == 0)
        {
            return; // no rows of no values: nothing to do
        }

        Check.Positive(features, nameof(features));
        if (length % features != 0)
        {
            ThrowHelper.Argument(paramName, $"Length {length} is not a whole number of rows of {features}.");
        }
    }

    internal static void RequireDerivative(Activation activation)
    {
        if (!activation.HasDerivative)
        {
            throw new NotSupportedException(
                "The threshold (Heaviside step) activation has no usable derivative (0 almost everywhere, undefined at 0); it can run forward only and cannot be trained by backpropagation.");
        }
    }
}
