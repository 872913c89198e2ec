namespace SimdBackprop.Tests.Reference;

/// <summary>
/// σ and σ' in double precision, written straight from the textbook formulas. Shares no code with the
/// library: the library's float kernels are judged against these.
/// </summary>
internal static class ReferenceActivations
{
    private const double GeluC = 0.79788456080286535588; // √(2/π)
    private const double GeluA = 0.044715;

    public static double Forward(Activation a, double u) => a.Kind switch
    {
        ActivationKind.Identity => u,
        ActivationKind.Threshold => double.IsNaN(u) ? u : u >= 0 ? 1 : 0,
        ActivationKind.Sigmoid => 1 / (1 + Math.Exp(-u)),
        ActivationKind.Tanh => Math.Tanh(u),
        ActivationKind.ReLU => double.IsNaN(u) ? u : Math.Max(u, 0),
        ActivationKind.LeakyReLU => u >= 0 || double.IsNaN(u) ? u : a.Slope * u,
        ActivationKind.Softplus => Math.Max(u, 0) + Math.Log(1 + Math.Exp(-Math.Abs(u))),
        ActivationKind.SiLU => u / (1 + Math.Exp(-u)),
        ActivationKind.Gelu => 0.5 * u * (1 + Math.Tanh(GeluC * (u + (GeluA * u * u * u)))),
        _ => throw new ArgumentOutOfRangeException(nameof(a)),
    };

    /// <summary>σ'(u); ReLU and leaky ReLU take the derivative at 0 from the left (PyTorch's convention: 0 and slope).</summary>
    public static double Derivative(Activation a, double u)
    {
        switch (a.Kind)
        {
            case ActivationKind.Identity:
                return 1;
            case ActivationKind.Sigmoid:
                {
                    double s = 1 / (1 + Math.Exp(-u));
                    return s * (1 - s);
                }

            case ActivationKind.Tanh:
                {
                    double t = Math.Tanh(u);
                    return 1 - (t * t);
                }

            case ActivationKind.ReLU:
                return u > 0 ? 1 : 0;
            case ActivationKind.LeakyReLU:
                return u > 0 ? 1 : a.Slope;
            case ActivationKind.Softplus:
                return 1 / (1 + Math.Exp(-u));
            case ActivationKind.SiLU:
                {
                    double s = 1 / (1 + Math.Exp(-u));
                    return s + (u * s * (1 - s));
                }

            case ActivationKind.Gelu:
                {
                    double inner = GeluC * (u + (GeluA * u * u * u));
                    double t = Math.Tanh(inner);
                    return (0.5 * (1 + t)) + (0.5 * u * (1 - (t * t)) * GeluC * (1 + (3 * GeluA * u * u)));
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(a));
        }
    }

    /// <summary>Every activation, leaky ReLU with a non-default slope too.</summary>
    public static IEnumerable<Activation> All()
    {
        foreach (ActivationKind kind in Enum.GetValues<ActivationKind>())
        {
            yield return Activation.FromKind(kind);
        }

        yield return Activation.LeakyReLU(0.2f);
    }

    /// <summary>Every activation that has a derivative.</summary>
    public static IEnumerable<Activation> Differentiable() => All().Where(a => a.HasDerivative);
}
