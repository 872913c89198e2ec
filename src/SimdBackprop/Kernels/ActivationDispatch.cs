namespace SimdBackprop.Kernels;

/// <summary>Placeholder (scalar); replaced by the operator structs driven by <see cref="Elementwise"/>.</summary>
internal static class ActivationDispatch
{
    public static void Forward(Activation activation, ReadOnlySpan<float> u, Span<float> o)
    {
        for (int i = 0; i < u.Length; i++)
        {
            o[i] = Scalar(activation, u[i]);
        }
    }

    public static void Backward(Activation activation, ReadOnlySpan<float> dOutput, ReadOnlySpan<float> u, ReadOnlySpan<float> o, Span<float> delta)
    {
        for (int i = 0; i < u.Length; i++)
        {
            delta[i] = dOutput[i] * ScalarDerivative(activation, u[i], o[i]);
        }
    }

    public static void Derivative(Activation activation, ReadOnlySpan<float> u, ReadOnlySpan<float> o, Span<float> destination)
    {
        for (int i = 0; i < u.Length; i++)
        {
            destination[i] = ScalarDerivative(activation, u[i], o[i]);
        }
    }

    private static float Scalar(Activation a, float u) => a.Kind switch
    {
        ActivationKind.Identity => u,
        ActivationKind.Threshold => float.IsNaN(u) ? u : u >= 0 ? 1 : 0,
        ActivationKind.Sigmoid => 1f / (1f + MathF.Exp(-u)),
        ActivationKind.Tanh => MathF.Tanh(u),
        ActivationKind.ReLU => u < 0 ? 0 : u,
        ActivationKind.LeakyReLU => u < 0 ? a.Slope * u : u,
        ActivationKind.Softplus => MathF.Max(u, 0) + MathF.Log(1 + MathF.Exp(-MathF.Abs(u))),
        ActivationKind.SiLU => u / (1f + MathF.Exp(-u)),
        _ => 0.5f * u * (1 + MathF.Tanh(0.7978845608f * (u + (0.044715f * u * u * u)))),
    };

    private static float ScalarDerivative(Activation a, float u, float o)
    {
        switch (a.Kind)
        {
            case ActivationKind.Identity: return 1;
            case ActivationKind.Sigmoid: return o * (1 - o);
            case ActivationKind.Tanh: return 1 - (o * o);
            case ActivationKind.ReLU: return u > 0 ? 1 : 0;
            case ActivationKind.LeakyReLU: return u > 0 ? 1 : a.Slope;
            case ActivationKind.Softplus: return 1f / (1f + MathF.Exp(-u));
            case ActivationKind.SiLU:
                {
                    float s = 1f / (1f + MathF.Exp(-u));
                    return s * (1 + (u * (1 - s)));
                }

            default:
                {
                    const float c = 0.7978845608f;
                    float t = MathF.Tanh(c * (u + (0.044715f * u * u * u)));
                    return (0.5f * (1 + t)) + (0.5f * u * (1 - (t * t)) * c * (1 + (3 * 0.044715f * u * u)));
                }
        }
    }
}
