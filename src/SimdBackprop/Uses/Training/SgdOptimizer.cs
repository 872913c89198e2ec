namespace SimdBackprop;

/// <summary>Plain SGD: θ ← θ − η·(g + λ·θ), the derivation's rule (PyTorch's <c>SGD</c> without momentum).</summary>
public sealed class SgdOptimizer : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="settings">η and λ, e.g. <c>new(learningRate: 0.1f)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is not finite.</exception>
    public SgdOptimizer(SgdSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate(nameof(settings));
        Settings = settings;
    }

    /// <summary>η and λ.</summary>
    public SgdSettings Settings { get; }

    /// <inheritdoc/>
    protected override void Apply(ReadOnlySpan<float> gradient, Span<float> parameters, int step, int degreeOfParallelism) =>
        UpdateRules.Sgd(Settings, gradient, parameters, degreeOfParallelism);
}
