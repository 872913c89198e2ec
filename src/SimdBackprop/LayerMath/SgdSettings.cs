namespace SimdBackprop;

/// <summary>Plain SGD hyper-parameters, the derivation's θ ← θ − η·(g + λ·θ) (PyTorch's <c>SGD</c> without momentum).</summary>
/// <param name="LearningRate">η, finite.</param>
/// <param name="WeightDecay">λ, coupled L2 (PyTorch SGD's <c>weight_decay</c>), finite; default 0.</param>
public sealed record SgdSettings(float LearningRate, float WeightDecay = 0f)
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field that is not finite.</summary>
    /// <param name="paramName">The parameter the settings were passed as.</param>
    internal void Validate(string paramName)
    {
        if (!float.IsFinite(LearningRate) || !float.IsFinite(WeightDecay))
        {
            throw new ArgumentOutOfRangeException(paramName, (LearningRate, WeightDecay), "LearningRate and WeightDecay must be finite.");
        }
    }
}
