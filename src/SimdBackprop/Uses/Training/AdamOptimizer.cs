namespace SimdBackprop;

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
