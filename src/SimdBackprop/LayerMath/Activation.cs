using SimdBackprop.Kernels.MathFunctions;
using SimdBackprop.Validation;

namespace SimdBackprop;

/// <summary>An activation function with its parameter (the slope of <see cref="ActivationKind.LeakyReLU"/>).</summary>
public readonly record struct Activation
{
    /// <summary>PyTorch's default negative slope for leaky ReLU.</summary>
    public const float DefaultLeakySlope = 0.01f;

    private Activation(ActivationKind kind, float slope)
    {
        Kind = kind;
        Slope = slope;
    }

    /// <summary>Which function.</summary>
    public ActivationKind Kind { get; }

    /// <summary>The negative-side slope of leaky ReLU; 0 for every other kind.</summary>
    public float Slope { get; }

    /// <summary>Whether σ'(u) exists, so the activation can be used in a layer that is trained.</summary>
    public bool HasDerivative => Kind != ActivationKind.Threshold;

    /// <summary>σ(u) = u.</summary>
    public static Activation Identity => new(ActivationKind.Identity, 0);

    /// <summary>Heaviside step (forward only).</summary>
    public static Activation Threshold => new(ActivationKind.Threshold, 0);

    /// <summary>Logistic sigmoid.</summary>
    public static Activation Sigmoid => new(ActivationKind.Sigmoid, 0);

    /// <summary>Hyperbolic tangent.</summary>
    public static Activation Tanh => new(ActivationKind.Tanh, 0);

    /// <summary>Rectified linear unit.</summary>
    public static Activation ReLU => new(ActivationKind.ReLU, 0);

    /// <summary>ln(1 + e^u).</summary>
    public static Activation Softplus => new(ActivationKind.Softplus, 0);

    /// <summary>u·sigmoid(u).</summary>
    public static Activation SiLU => new(ActivationKind.SiLU, 0);

    /// <summary>GELU, exact (erf) form: PyTorch's <c>nn.GELU()</c>.</summary>
    public static Activation Gelu => new(ActivationKind.Gelu, 0);

    /// <summary>Softmax over each sample's outputs (PyTorch's <c>nn.Softmax(dim=1)</c>).</summary>
    public static Activation Softmax => new(ActivationKind.Softmax, 0);

    /// <summary>Whether σ acts on each value alone (every kind but <see cref="ActivationKind.Softmax"/>, which normalises a row).</summary>
    public bool IsElementwise => Kind != ActivationKind.Softmax;

    /// <summary>GELU, tanh approximation: PyTorch's <c>nn.GELU(approximate='tanh')</c>.</summary>
    public static Activation GeluTanh => new(ActivationKind.GeluTanh, 0);

    /// <summary>Leaky ReLU with the given negative-side slope.</summary>
    /// <param name="slope">The slope for u &lt; 0; finite.</param>
    /// <returns>The activation.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> is not finite.</exception>
    public static Activation LeakyReLU(float slope = DefaultLeakySlope)
    {
        Check.Finite(slope, nameof(slope));
        return new(ActivationKind.LeakyReLU, slope);
    }

    /// <summary>The activation of the given kind (leaky ReLU with its default slope).</summary>
    /// <param name="kind">A defined kind.</param>
    /// <returns>The activation.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public static Activation FromKind(ActivationKind kind)
    {
        Check.Defined(kind, nameof(kind));
        return kind == ActivationKind.LeakyReLU ? LeakyReLU() : new(kind, 0);
    }

    /// <inheritdoc/>
    public override string ToString() => Kind == ActivationKind.LeakyReLU ? $"LeakyReLU({Slope})" : Kind.ToString();
}
