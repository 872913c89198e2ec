namespace SimdBackprop;

/// <summary>
/// SGD with momentum in PyTorch's form: v ← μ·v + (g + λ·θ), θ ← θ − η·v. Holds the velocity v, allocated on
/// the first step for the parameter count it is used with.
/// </summary>
public sealed class MomentumOptimizer : Optimizer
{
    private float[]? velocity;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="settings">η, μ and λ, e.g. <c>new(learningRate: 0.05f, momentum: 0.9f)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is not finite.</exception>
    public MomentumOptimizer(MomentumSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate(nameof(settings));
        Settings = settings;
    }

    /// <summary>η, μ and λ.</summary>
    public MomentumSettings Settings { get; }

    /// <inheritdoc/>
    public override void Reset()
    {
        base.Reset();
        velocity = null;
    }

    /// <inheritdoc/>
    protected override void Apply(ReadOnlySpan<float> gradient, Span<float> parameters, int step, int degreeOfParallelism) =>
        UpdateRules.Momentum(Settings, gradient, State(ref velocity, parameters.Length), parameters, degreeOfParallelism);
}
