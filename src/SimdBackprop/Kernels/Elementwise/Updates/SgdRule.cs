using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.MathFunctions;

namespace SimdBackprop.Kernels.Elementwise.Updates;

/// <summary>
/// The derivation's θ ← θ − η·g, and with momentum μ PyTorch's heavy ball: v ← μ·v + g, θ ← θ − η·v.
/// Weight decay λ is PyTorch's coupled L2 term: g ← g + λ·θ first. μ = 0 never touches v.
/// </summary>
internal readonly struct SgdRule(float learningRate, float momentum, float weightDecay, bool useMomentum) : IUpdateRule
{
    private readonly float eta = learningRate, mu = momentum, lambda = weightDecay;

    public bool UsesFirstState => useMomentum;

    public bool UsesSecondState => false;

    public void Update(ref float theta, float g, ref float m, ref float v)
    {
        g += lambda * theta;
        if (useMomentum)
        {
            m = (mu * m) + g;
            g = m;
        }

        theta -= eta * g;
    }

    public void Update(ref Vector128<float> theta, Vector128<float> g, ref Vector128<float> m, ref Vector128<float> v)
    {
        g = MultiplyAdd.Invoke(Vector128.Create(lambda), theta, g);
        if (useMomentum)
        {
            m = MultiplyAdd.Invoke(Vector128.Create(mu), m, g);
            g = m;
        }

        theta = MultiplyAdd.Invoke(Vector128.Create(-eta), g, theta);
    }

    public void Update(ref Vector256<float> theta, Vector256<float> g, ref Vector256<float> m, ref Vector256<float> v)
    {
        g = Vector256.FusedMultiplyAdd(Vector256.Create(lambda), theta, g);
        if (useMomentum)
        {
            m = Vector256.FusedMultiplyAdd(Vector256.Create(mu), m, g);
            g = m;
        }

        theta = Vector256.FusedMultiplyAdd(Vector256.Create(-eta), g, theta);
    }

    public void Update(ref Vector512<float> theta, Vector512<float> g, ref Vector512<float> m, ref Vector512<float> v)
    {
        g = Vector512.FusedMultiplyAdd(Vector512.Create(lambda), theta, g);
        if (useMomentum)
        {
            m = Vector512.FusedMultiplyAdd(Vector512.Create(mu), m, g);
            g = m;
        }

        theta = Vector512.FusedMultiplyAdd(Vector512.Create(-eta), g, theta);
    }
}
