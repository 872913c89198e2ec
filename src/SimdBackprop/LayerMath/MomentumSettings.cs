namespace SimdBackprop;

/// <summary>
/// SGD with momentum in PyTorch's form (no dampening, not Nesterov): v ← μ·v + (g + λ·θ), θ ← θ − η·v.
/// </summary>
/// <param name="LearningRate">η, finite.</param>
/// <param name="Momentum">μ, finite; default 0.9.</param>
/// <param name="WeightDecay">λ, coupled L2, finite; default 0.</param>
public sealed record MomentumSettings(float LearningRate, float Momentum = 0.9f, float WeightDecay = 0f)
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a field is not finite.</summary>
    /// <param name="paramName">The parameter the settings were passed as.</param>
    internal void Validate(string paramName)
    {
        if (!float.IsFinite(LearningRate) || !float.IsFinite(Momentum) || !float.IsFinite(WeightDecay))
        {
            throw new ArgumentOutOfRangeException(paramName, (LearningRate, Momentum, WeightDecay), "LearningRate, Momentum and WeightDecay must be finite.");
        }
    }
}
