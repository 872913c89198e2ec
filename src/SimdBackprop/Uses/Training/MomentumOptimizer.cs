using SimdBackprop.Validation;

namespace SimdBackprop;

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
