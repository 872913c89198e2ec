namespace SimdBackprop.Tests.Reference;

/// <summary>
/// σ and σ' in double precision, written straight from the textbook formulas. Shares no code with the
/// library: the library's float kernels are judged against these.
/// Three textbook forms were rewritten because double itself lost the digits a float result still has:
/// softplus used log(1 + e^−|u|), which rounds 1 + y to 1 for u ≲ −37 (softplus(−40) ≈ 4e−18 came out 0, and
/// u ≈ −30 was 1e−3 off), so a series log1p is used for small y; GELU's 1 + tanh(x) cancels for x ≲ −4
/// (GELU(−6) was ~4e−6 off relative, GELU(−10) came out 0), so it uses 1 + tanh(x) = 2/(1 + e^−2x), and its
/// derivative 1 − tanh²(x) = sech²(x); the exact GELU uses erfc (not 1 + erf, which cancels the same way); and at ±∞ SiLU, GELU and their derivatives evaluated ∞·0 = NaN
/// where the limits (0 or u; 0 or 1) exist, so the limits are returned.
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
        ActivationKind.Softplus => Math.Max(u, 0) + Log1p(Math.Exp(-Math.Abs(u))),
        ActivationKind.SiLU => double.IsNegativeInfinity(u) ? 0 : u / (1 + Math.Exp(-u)),
        ActivationKind.Gelu => double.IsNegativeInfinity(u) ? 0 : 0.5 * u * Erfc(-u / Math.Sqrt(2)),
        ActivationKind.GeluTanh => double.IsNegativeInfinity(u) ? 0 : u / (1 + Math.Exp(-2 * GeluC * (u + (GeluA * u * u * u)))),
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
                    if (double.IsInfinity(u))
                    {
                        return u > 0 ? 1 : 0;
                    }

                    double s = 1 / (1 + Math.Exp(-u));
                    return s + (u * s * (1 - s));
                }

            case ActivationKind.Gelu:
                {
                    if (double.IsInfinity(u))
                    {
                        return u > 0 ? 1 : 0;
                    }

                    // Φ(u) + u·φ(u)
                    return (0.5 * Erfc(-u / Math.Sqrt(2))) + (u * Math.Exp(-0.5 * u * u) / Math.Sqrt(2 * Math.PI));
                }

            case ActivationKind.GeluTanh:
                {
                    if (double.IsInfinity(u))
                    {
                        return u > 0 ? 1 : 0;
                    }

                    double inner = GeluC * (u + (GeluA * u * u * u));
                    double halfOnePlusTanh = 1 / (1 + Math.Exp(-2 * inner));
                    double sech = 1 / Math.Cosh(inner);
                    return halfOnePlusTanh + (0.5 * u * sech * sech * GeluC * (1 + (3 * GeluA * u * u)));
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(a));
        }
    }

    /// <summary>Softmax of one row, e^(u_i − max)/Σ e^(u_j − max).</summary>
    public static double[] Softmax(ReadOnlySpan<double> u)
    {
        double max = double.NegativeInfinity;
        foreach (double v in u)
        {
            max = Math.Max(max, v);
        }

        double[] p = new double[u.Length];
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = Math.Exp(u[i] - max);
            sum += p[i];
        }

        for (int i = 0; i < p.Length; i++)
        {
            p[i] /= sum;
        }

        return p;
    }

    /// <summary>Jᵀ·g for softmax output p: δ_i = Σ_j g_j·∂p_j/∂u_i = p_i·(g_i − Σ_j g_j·p_j).</summary>
    public static double[] SoftmaxBackward(double[] p, double[] g)
    {
        double dot = 0;
        for (int j = 0; j < p.Length; j++)
        {
            dot += g[j] * p[j];
        }

        return [.. p.Select((pi, i) => pi * (g[i] - dot))];
    }

    /// <summary>
    /// erfc in double with relative accuracy in both tails: 1 − (Maclaurin series of erf) for |x| &lt; 2
    /// (erfc ≥ 4.6e−3 there, so the subtraction keeps ~13 digits), the continued fraction
    /// erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) for x ≥ 2, and 2 − erfc(−x) for x ≤ −2.
    /// </summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (x <= -2)
        {
            return 2 - Erfc(-x);
        }

        if (x < 2)
        {
            double term = x, sum = x;
            for (int n = 1; n < 200 && Math.Abs(term) > 1e-18; n++)
            {
                term *= -x * x / n;
                sum += term / ((2 * n) + 1);
            }

            return 1 - (2 / Math.Sqrt(Math.PI) * sum);
        }

        if (x > 27)
        {
            return 0; // below the smallest double
        }

        double fraction = x;
        for (int k = 200; k >= 1; k--)
        {
            fraction = x + (k / 2.0 / fraction);
        }

        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / fraction;
    }

    /// <summary>log(1 + y) for y ≥ 0 without rounding 1 + y: the alternating series where it converges fast.</summary>
    private static double Log1p(double y) =>
        y < 1e-4 ? y * (1 - (y * ((1.0 / 2) - (y * ((1.0 / 3) - (y / 4)))))) : Math.Log(1 + y);

    /// <summary>Every element-wise activation (all but softmax), leaky ReLU with a non-default slope too.</summary>
    public static IEnumerable<Activation> All()
    {
        foreach (ActivationKind kind in Enum.GetValues<ActivationKind>().Where(k => k != ActivationKind.Softmax))
        {
            yield return Activation.FromKind(kind);
        }

        yield return Activation.LeakyReLU(0.2f);
    }

    /// <summary>Every activation that has a derivative.</summary>
    public static IEnumerable<Activation> Differentiable() => All().Where(a => a.HasDerivative);
}
