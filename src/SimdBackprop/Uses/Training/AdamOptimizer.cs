namespace SimdBackprop;

/// <summary>
/// Adam, or AdamW when <see cref="AdamSettings.DecoupledWeightDecay"/> is set, with PyTorch's conventions
/// (bias-corrected, ε after the square root). Holds the moments m and v, allocated on the first step.
/// </summary>
public sealed class AdamOptimizer : Optimizer
{
    private float[]? firstMoment;
    private float[]? secondMoment;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="settings">Hyper-parameters: <see cref="AdamSettings.Adam"/>, <see cref="AdamSettings.AdamW"/> or your own.</param>
    /// <exception cref="ArgumentException">Settings are null or invalid.</exception>
    public AdamOptimizer(AdamSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate(nameof(settings));
        Settings = settings;
    }

    /// <summary>The hyper-parameters.</summary>
    public AdamSettings Settings { get; }

    /// <inheritdoc/>
    public override void Reset()
    {
        base.Reset();
        firstMoment = null;
        secondMoment = null;
    }

    /// <inheritdoc/>
    protected override void Apply(ReadOnlySpan<float> gradient, Span<float> parameters, int step, int degreeOfParallelism) =>
        UpdateRules.Adam(Settings, step, gradient, State(ref firstMoment, parameters.Length), State(ref secondMoment, parameters.Length), parameters, degreeOfParallelism);
}
