using SimdBackprop.Kernels.Elementwise.Updates;
using SimdBackprop.Validation;

namespace SimdBackprop;

/// <summary>
/// Optimizer update rules as span kernels, with PyTorch's conventions so results compare with
/// <c>torch.optim</c> step for step. Each updates <c>parameters</c> in place from <c>gradient</c>;
/// state spans (velocity, moments) start at zero and are owned by the caller.
/// </summary>
public static class UpdateRules
{
    /// <summary>Plain gradient descent, the derivation's θ ← θ − η·(g + λ·θ).</summary>
    /// <param name="settings">η and λ.</param>
    /// <param name="gradient">g = ∂E/∂θ.</param>
    /// <param name="parameters">θ, as long as the gradient; updated in place.</param>
    /// <param name="degreeOfParallelism">Threads at most (1, the default: this one); every element's update is the
    /// same for every degree.</param>
    /// <exception cref="ArgumentException">Lengths disagree, spans overlap, a setting is not finite, or the degree is not positive (named).</exception>
    public static void Sgd(SgdSettings settings, ReadOnlySpan<float> gradient, Span<float> parameters, int degreeOfParallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate(nameof(settings));
        Check.SameLength(parameters.Length, gradient.Length, nameof(parameters));
        Check.NoOverlap(gradient, parameters, nameof(gradient), nameof(parameters));
        Check.Positive(degreeOfParallelism, nameof(degreeOfParallelism));
        UpdateDriver.Run(new SgdRule(settings.LearningRate, 0, settings.WeightDecay, useMomentum: false), parameters, gradient, default, default, degreeOfParallelism);
    }

    /// <summary>SGD with momentum, PyTorch's form: v ← μ·v + (g + λ·θ), θ ← θ − η·v (no dampening, not Nesterov).</summary>
    /// <param name="settings">η, μ and λ.</param>
    /// <param name="gradient">g.</param>
    /// <param name="velocity">v, as long as the gradient; starts at zero; updated in place.</param>
    /// <param name="parameters">θ, as long as the gradient; updated in place.</param>
    /// <param name="degreeOfParallelism">Threads at most (1, the default: this one); every element's update is the
    /// same for every degree.</param>
    /// <exception cref="ArgumentException">Lengths disagree, spans overlap, a setting is not finite, or the degree is not positive (named).</exception>
    public static void Momentum(MomentumSettings settings, ReadOnlySpan<float> gradient, Span<float> velocity, Span<float> parameters, int degreeOfParallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate(nameof(settings));
        Check.SameLength(parameters.Length, gradient.Length, nameof(parameters));
        Check.SameLength(velocity.Length, gradient.Length, nameof(velocity));
        Check.NoOverlap(gradient, parameters, nameof(gradient), nameof(parameters));
        Check.NoOverlap(gradient, velocity, nameof(gradient), nameof(velocity));
        Check.NoOverlap(velocity, parameters, nameof(velocity), nameof(parameters));
        Check.Positive(degreeOfParallelism, nameof(degreeOfParallelism));
        UpdateDriver.Run(new SgdRule(settings.LearningRate, settings.Momentum, settings.WeightDecay, useMomentum: true), parameters, gradient, velocity, default, degreeOfParallelism);
    }

    /// <summary>
    /// Adam, step <paramref name="step"/> counted from 1; AdamW when <see cref="AdamSettings.DecoupledWeightDecay"/>
    /// (θ ← θ·(1 − η·λ) before the Adam step, instead of λ·θ added to the gradient).
    /// </summary>
    /// <param name="settings">η, β₁, β₂, ε, λ and how λ applies.</param>
    /// <param name="step">t ≥ 1, the number of this step (bias correction).</param>
    /// <param name="gradient">g.</param>
    /// <param name="firstMoment">m, as long as the gradient; starts at zero.</param>
    /// <param name="secondMoment">v, as long as the gradient; starts at zero.</param>
    /// <param name="parameters">θ, as long as the gradient.</param>
    /// <param name="degreeOfParallelism">Threads at most (1, the default: this one); every element's update is the
    /// same for every degree.</param>
    /// <exception cref="ArgumentException">Lengths disagree, spans overlap, the step or the degree is not positive, or a setting is invalid (named).</exception>
    public static void Adam(AdamSettings settings, int step, ReadOnlySpan<float> gradient, Span<float> firstMoment, Span<float> secondMoment, Span<float> parameters, int degreeOfParallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate(nameof(settings));
        Check.Positive(step, nameof(step));
        Check.SameLength(parameters.Length, gradient.Length, nameof(parameters));
        Check.SameLength(firstMoment.Length, gradient.Length, nameof(firstMoment));
        Check.SameLength(secondMoment.Length, gradient.Length, nameof(secondMoment));
        Check.NoOverlap(gradient, parameters, nameof(gradient), nameof(parameters));
        Check.NoOverlap(gradient, firstMoment, nameof(gradient), nameof(firstMoment));
        Check.NoOverlap(gradient, secondMoment, nameof(gradient), nameof(secondMoment));
        Check.NoOverlap(firstMoment, parameters, nameof(firstMoment), nameof(parameters));
        Check.NoOverlap(secondMoment, parameters, nameof(secondMoment), nameof(parameters));
        Check.NoOverlap(firstMoment, secondMoment, nameof(firstMoment), nameof(secondMoment));
        var rule = new AdamRule(settings.LearningRate, settings.Beta1, settings.Beta2, settings.Epsilon, settings.WeightDecay, settings.DecoupledWeightDecay, step);
        Check.Positive(degreeOfParallelism, nameof(degreeOfParallelism));
        UpdateDriver.Run(rule, parameters, gradient, firstMoment, secondMoment, degreeOfParallelism);
    }
}
