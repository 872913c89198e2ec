using SimdBackprop.Validation;

namespace SimdBackprop;

/// <summary>
/// A stateful optimizer over one contiguous parameter buffer (a <see cref="Network"/>'s). State buffers are
/// sized on the first step (warm-up) and reused; a step allocates nothing afterwards.
/// </summary>
public abstract class Optimizer
{
    /// <summary>Steps taken since construction or <see cref="Reset"/>.</summary>
    public int StepCount { get; private set; }

    /// <summary>Updates <paramref name="parameters"/> in place from <paramref name="gradient"/>.</summary>
    /// <param name="gradient">∂E/∂θ.</param>
    /// <param name="parameters">θ; the same length at every step.</param>
    /// <exception cref="ArgumentException">The lengths disagree, or differ from the first step's.</exception>
    public void Step(ReadOnlySpan<float> gradient, Span<float> parameters) => Step(gradient, parameters, degreeOfParallelism: 1);

    /// <summary>Updates <paramref name="parameters"/> in place from <paramref name="gradient"/> on up to
    /// <paramref name="degreeOfParallelism"/> threads; the result is bit-identical for every degree.</summary>
    /// <param name="gradient">∂E/∂θ.</param>
    /// <param name="parameters">θ; the same length at every step.</param>
    /// <param name="degreeOfParallelism">Threads at most (1: this one, no other thread used).</param>
    /// <exception cref="ArgumentException">The lengths disagree, or differ from the first step's, or the degree is not positive.</exception>
    public void Step(ReadOnlySpan<float> gradient, Span<float> parameters, int degreeOfParallelism)
    {
        Check.SameLength(parameters.Length, gradient.Length, nameof(parameters));
        Check.Positive(degreeOfParallelism, nameof(degreeOfParallelism));
        StepCount++;
        Apply(gradient, parameters, StepCount, degreeOfParallelism);
    }

    /// <summary>Forgets all state (velocity, moments, step count), as a freshly built optimizer.</summary>
    public virtual void Reset() => StepCount = 0;

    /// <summary>The update rule of one step.</summary>
    /// <param name="gradient">∂E/∂θ.</param>
    /// <param name="parameters">θ.</param>
    /// <param name="step">t, from 1.</param>
    /// <param name="degreeOfParallelism">Threads at most for the element-wise update (validated, positive).</param>
    protected abstract void Apply(ReadOnlySpan<float> gradient, Span<float> parameters, int step, int degreeOfParallelism);

    /// <summary>Returns a zeroed state buffer of the given length, allocating only on the first step.</summary>
    /// <param name="state">The field holding the buffer.</param>
    /// <param name="length">The parameter count.</param>
    /// <returns>The buffer.</returns>
    private protected static float[] State(ref float[]? state, int length)
    {
        if (state is null)
        {
            state = new float[length];
        }
        else if (state.Length != length)
        {
            ThrowHelper.Argument("parameters", $"The optimizer was used with {state.Length} parameters; it got {length}. Call Reset() to reuse it for another network.");
        }

        return state;
    }
}
