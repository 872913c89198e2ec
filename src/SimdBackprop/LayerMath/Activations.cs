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
        RequireDerivative(activation);
        Check.SameLength(preActivation.Length, dOutput.Length, nameof(preActivation));
        Check.SameLength(output.Length, dOutput.Length, nameof(output));
        Check.AtLeast(delta.Length, dOutput.Length, nameof(delta));
        Check.NoPartialOverlap(dOutput, delta, nameof(dOutput), nameof(delta));
        Check.NoPartialOverlap(preActivation, delta, nameof(preActivation), nameof(delta));
        Check.NoPartialOverlap(output, delta, nameof(output), nameof(delta));
        ActivationDispatch.Backward(activation, dOutput, preActivation, output, delta);
    }

    /// <summary>destination = σ'(u), element by element (see <see cref="Backward"/> for why o is passed too).</summary>
    /// <param name="activation">σ; must have a derivative.</param>
    /// <param name="preActivation">u.</param>
    /// <param name="output">o = σ(u), as long as <paramref name="preActivation"/>.</param>
    /// <param name="destination">σ'(u); at least as long as <paramref name="preActivation"/>.</param>
    /// <exception cref="ArgumentException">A length disagrees, or <paramref name="destination"/> partially overlaps an input.</exception>
    /// <exception cref="NotSupportedException">The activation is <see cref="ActivationKind.Threshold"/>.</exception>
    public static void Derivative(Activation activation, ReadOnlySpan<float> preActivation, ReadOnlySpan<float> output, Span<float> destination)
    {
        RequireDerivative(activation);
        Check.SameLength(output.Length, preActivation.Length, nameof(output));
        Check.AtLeast(destination.Length, preActivation.Length, nameof(destination));
        Check.NoPartialOverlap(preActivation, destination, nameof(preActivation), nameof(destination));
        Check.NoPartialOverlap(output, destination, nameof(output), nameof(destination));
        ActivationDispatch.Derivative(activation, preActivation, output, destination);
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
