namespace SimdBackprop;

/// <summary>Adam / AdamW hyper-parameters with PyTorch's defaults. A class, not a struct, so that
/// <c>new AdamSettings()</c> means the defaults and can never silently be all zeros.</summary>
/// <param name="LearningRate">η (PyTorch default 1e-3).</param>
/// <param name="Beta1">β₁, decay of the first moment (0.9).</param>
/// <param name="Beta2">β₂, decay of the second moment (0.999).</param>
/// <param name="Epsilon">ε, added after the square root (1e-8).</param>
/// <param name="WeightDecay">λ (default 0).</param>
/// <param name="DecoupledWeightDecay">
/// False: Adam, λ added to the gradient as an L2 term (PyTorch's <c>Adam</c>). True: AdamW, θ ← θ·(1 − η·λ)
/// before the Adam step (PyTorch's <c>AdamW</c>; <see cref="AdamW"/> has its defaults).
/// </param>
public sealed record AdamSettings(
    float LearningRate = 1e-3f, float Beta1 = 0.9f, float Beta2 = 0.999f, float Epsilon = 1e-8f, float WeightDecay = 0f, bool DecoupledWeightDecay = false)
{
    /// <summary>PyTorch's <c>torch.optim.Adam</c> defaults.</summary>
    public static AdamSettings Adam => new();

    /// <summary>PyTorch's <c>torch.optim.AdamW</c> defaults (decoupled weight decay 0.01).</summary>
    public static AdamSettings AdamW => new(WeightDecay: 0.01f, DecoupledWeightDecay: true);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid field.</summary>
    /// <param name="paramName">The parameter the settings were passed as.</param>
    internal void Validate(string paramName)
    {
        if (!(float.IsFinite(LearningRate) && LearningRate >= 0))
        {
            throw new ArgumentOutOfRangeException(paramName, LearningRate, "LearningRate must be finite and non-negative.");
        }

        if (!(Beta1 >= 0 && Beta1 < 1) || !(Beta2 >= 0 && Beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(paramName, (Beta1, Beta2), "Beta1 and Beta2 must lie in [0, 1).");
        }

        if (!(float.IsFinite(Epsilon) && Epsilon >= 0) || !(float.IsFinite(WeightDecay) && WeightDecay >= 0))
        {
            throw new ArgumentOutOfRangeException(paramName, (Epsilon, WeightDecay), "Epsilon and WeightDecay must be finite and non-negative.");
        }
    }
}
