using SimdBackprop.Validation;

namespace SimdBackprop;

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
