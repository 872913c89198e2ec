using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.MathFunctions;

namespace SimdBackprop.Kernels.Elementwise.Updates;

/// <summary>
/// Adam in PyTorch's arrangement (torch.optim.Adam, single-tensor path):
/// m ← β₁·m + (1−β₁)·g; v ← β₂·v + (1−β₂)·g²; θ ← θ − (η/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε).
/// Coupled weight decay (Adam) adds λ·θ to g first; decoupled (AdamW) scales θ by 1 − η·λ first.
/// The bias corrections are computed once per step by the caller, in double as PyTorch does.
/// </summary>
internal readonly struct AdamRule : IUpdateRule
{
    private readonly float beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon;
    private readonly float stepSize;        // η / (1 − β₁ᵗ)
    private readonly float invSqrtBc2;      // 1 / √(1 − β₂ᵗ)
    private readonly float coupledDecay;    // λ added to the gradient (Adam), else 0
    private readonly float decayScale;      // 1 − η·λ applied to θ (AdamW), else 1

    public AdamRule(float learningRate, float beta1, float beta2, float epsilon, float weightDecay, bool decoupled, int step)
    {
        this.beta1 = beta1;
        oneMinusBeta1 = 1 - beta1;
        this.beta2 = beta2;
        oneMinusBeta2 = 1 - beta2;
        this.epsilon = epsilon;
        double bc1 = 1 - Math.Pow(beta1, step);
        double bc2 = 1 - Math.Pow(beta2, step);
        stepSize = (float)(learningRate / bc1);
        invSqrtBc2 = (float)(1 / Math.Sqrt(bc2));
        coupledDecay = decoupled ? 0 : weightDecay;
        decayScale = decoupled ? 1 - (learningRate * weightDecay) : 1;
    }

    public bool UsesFirstState => true;

    public bool UsesSecondState => true;

    public void Update(ref float theta, float g, ref float m, ref float v)
    {
        theta *= decayScale;
        g += coupledDecay * theta;
        m = (beta1 * m) + (oneMinusBeta1 * g);
        v = (beta2 * v) + (oneMinusBeta2 * g * g);
        theta -= stepSize * m / ((MathF.Sqrt(v) * invSqrtBc2) + epsilon);
    }

    public void Update(ref Vector128<float> theta, Vector128<float> g, ref Vector128<float> m, ref Vector128<float> v)
    {
        theta *= Vector128.Create(decayScale);
        g = MultiplyAdd.Invoke(Vector128.Create(coupledDecay), theta, g);
        m = MultiplyAdd.Invoke(Vector128.Create(beta1), m, Vector128.Create(oneMinusBeta1) * g);
        v = MultiplyAdd.Invoke(Vector128.Create(beta2), v, Vector128.Create(oneMinusBeta2) * g * g);
        Vector128<float> denominator = MultiplyAdd.Invoke(Vector128.Sqrt(v), Vector128.Create(invSqrtBc2), Vector128.Create(epsilon));
        theta -= Vector128.Create(stepSize) * m / denominator;
    }

    public void Update(ref Vector256<float> theta, Vector256<float> g, ref Vector256<float> m, ref Vector256<float> v)
    {
        theta *= Vector256.Create(decayScale);
        g = Vector256.FusedMultiplyAdd(Vector256.Create(coupledDecay), theta, g);
        m = Vector256.FusedMultiplyAdd(Vector256.Create(beta1), m, Vector256.Create(oneMinusBeta1) * g);
        v = Vector256.FusedMultiplyAdd(Vector256.Create(beta2), v, Vector256.Create(oneMinusBeta2) * g * g);
        Vector256<float> denominator = Vector256.FusedMultiplyAdd(Vector256.Sqrt(v), Vector256.Create(invSqrtBc2), Vector256.Create(epsilon));
        theta -= Vector256.Create(stepSize) * m / denominator;
    }

    public void Update(ref Vector512<float> theta, Vector512<float> g, ref Vector512<float> m, ref Vector512<float> v)
    {
        theta *= Vector512.Create(decayScale);
        g = Vector512.FusedMultiplyAdd(Vector512.Create(coupledDecay), theta, g);
        m = Vector512.FusedMultiplyAdd(Vector512.Create(beta1), m, Vector512.Create(oneMinusBeta1) * g);
        v = Vector512.FusedMultiplyAdd(Vector512.Create(beta2), v, Vector512.Create(oneMinusBeta2) * g * g);
        Vector512<float> denominator = Vector512.FusedMultiplyAdd(Vector512.Sqrt(v), Vector512.Create(invSqrtBc2), Vector512.Create(epsilon));
        theta -= Vector512.Create(stepSize) * m / denominator;
    }
}
