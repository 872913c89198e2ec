using SimdBackprop.Internal;

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
    public void Step(ReadOnlySpan<float> gradient, Span<float> parameters)
    {
        Check.SameLength(parameters.Length, gradient.Length, nameof(parameters));
        StepCount++;
        Apply(gradient, parameters, StepCount);
    }

    /// <summary>Forgets all state (velocity, moments, step count), as a freshly built optimizer.</summary>
    public virtual void Reset() => StepCount = 0;

    /// <summary>The update rule of one step.</summary>
    /// <param name="gradient">∂E/∂θ.</param>
    /// <param name="parameters">θ.</param>
    /// <param name="step">t, from 1.</param>
    protected abstract void Apply(ReadOnlySpan<float> gradient, Span<float> parameters, int step);

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

/// <summary>Plain SGD: θ ← θ − η·(g + λ·θ), the derivation's rule (PyTorch's <c>SGD</c> without momentum).</summary>
public sealed class SgdOptimizer : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η, finite.</param>
    /// <param name="weightDecay">λ, coupled L2; default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is not finite.</exception>
    public SgdOptimizer(float learningRate, float weightDecay = 0)
    {
        Check.Finite(learningRate, nameof(learningRate));
        Check.Finite(weightDecay, nameof(weightDecay));
        LearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    /// <summary>η.</summary>
    public float LearningRate { get; }

    /// <summary>λ.</summary>
    public float WeightDecay { get; }

    /// <inheritdoc/>
    protected override void Apply(ReadOnlySpan<float> gradient, Span<float> parameters, int step) =>
        UpdateRules.Sgd(LearningRate, gradient, parameters, WeightDecay);
}

/// <summary>SGD with momentum, PyTorch's form: v ← μ·v + g, θ ← θ − η·v.</summary>
public sealed class MomentumOptimizer : Optimizer
{
    private float[]? velocity;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η, finite.</param>
    /// <param name="momentum">μ, finite (commonly 0.9).</param>
    /// <param name="weightDecay">λ, coupled L2; default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is not finite.</exception>
    public MomentumOptimizer(float learningRate, float momentum = 0.9f, float weightDecay = 0)
    {
        Check.Finite(learningRate, nameof(learningRate));
        Check.Finite(momentum, nameof(momentum));
        Check.Finite(weightDecay, nameof(weightDecay));
        LearningRate = learningRate;
        Momentum = momentum;
        WeightDecay = weightDecay;
    }

    /// <summary>η.</summary>
    public float LearningRate { get; }

    /// <summary>μ.</summary>
    public float Momentum { get; }

    /// <summary>λ.</summary>
    public float WeightDecay { get; }

    /// <inheritdoc/>
    public override void Reset()
    {
        base.Reset();
        velocity = null;
    }

    /// <inheritdoc/>
    protected override void Apply(ReadOnlySpan<float> gradient, Span<float> parameters, int step) =>
        UpdateRules.Momentum(LearningRate, Momentum, gradient, State(ref velocity, parameters.Length), parameters, WeightDecay);
}

/// <summary>Adam or AdamW with PyTorch's conventions (bias-corrected, ε after the square root).</summary>
public sealed class AdamOptimizer : Optimizer
{
    private float[]? firstMoment;
    private float[]? secondMoment;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="settings">Hyper-parameters.</param>
    /// <param name="decoupledWeightDecay">true for AdamW, false for Adam.</param>
    /// <exception cref="ArgumentException">Settings are null or invalid.</exception>
    public AdamOptimizer(AdamSettings settings, bool decoupledWeightDecay)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate(nameof(settings));
        Settings = settings;
        DecoupledWeightDecay = decoupledWeightDecay;
    }

    /// <summary>The hyper-parameters.</summary>
    public AdamSettings Settings { get; }

    /// <summary>true for AdamW.</summary>
    public bool DecoupledWeightDecay { get; }

    /// <summary>Adam with PyTorch's defaults unless given.</summary>
    /// <param name="learningRate">η (default 1e-3).</param>
    /// <returns>The optimizer.</returns>
    public static AdamOptimizer Adam(float learningRate = 1e-3f) => new(AdamSettings.Adam with { LearningRate = learningRate }, false);

    /// <summary>AdamW with PyTorch's defaults unless given.</summary>
    /// <param name="learningRate">η (default 1e-3).</param>
    /// <param name="weightDecay">λ (default 0.01).</param>
    /// <returns>The optimizer.</returns>
    public static AdamOptimizer AdamW(float learningRate = 1e-3f, float weightDecay = 0.01f) =>
        new(AdamSettings.AdamW with { LearningRate = learningRate, WeightDecay = weightDecay }, true);

    /// <inheritdoc/>
    public override void Reset()
    {
        base.Reset();
        firstMoment = null;
        secondMoment = null;
    }

    /// <inheritdoc/>
    protected override void Apply(ReadOnlySpan<float> gradient, Span<float> parameters, int step)
    {
        float[] m = State(ref firstMoment, parameters.Length);
        float[] v = State(ref secondMoment, parameters.Length);
        if (DecoupledWeightDecay)
        {
            UpdateRules.AdamW(Settings, step, gradient, m, v, parameters);
        }
        else
        {
            UpdateRules.Adam(Settings, step, gradient, m, v, parameters);
        }
    }
}
