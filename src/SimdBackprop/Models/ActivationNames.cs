using System.Globalization;

namespace SimdBackprop;

/// <summary>The names of activations that model files and the command line use (PyTorch's spellings).</summary>
public static class ActivationNames
{
    /// <summary>
    /// The name of an activation, as model files and the command line spell it: identity, threshold, sigmoid, tanh, relu, leaky_relu:&lt;slope&gt;
    /// (the slope in the shortest text that parses back to the same float), softplus, silu, gelu (exact, erf), gelu_tanh, softmax.
    /// </summary>
    /// <param name="activation">The activation.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The kind is undefined.</exception>
    public static string Name(Activation activation) => activation.Kind switch
    {
        ActivationKind.Identity => "identity",
        ActivationKind.Threshold => "threshold",
        ActivationKind.Sigmoid => "sigmoid",
        ActivationKind.Tanh => "tanh",
        ActivationKind.ReLU => "relu",
        ActivationKind.LeakyReLU => "leaky_relu:" + activation.Slope.ToString("R", CultureInfo.InvariantCulture),
        ActivationKind.Softplus => "softplus",
        ActivationKind.SiLU => "silu",
        ActivationKind.Gelu => "gelu",
        ActivationKind.GeluTanh => "gelu_tanh",
        ActivationKind.Softmax => "softmax",
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation.Kind, "Not a defined ActivationKind."),
    };

    /// <summary>Parses a name of <see cref="Name"/> (case and surrounding spaces ignored;
    /// <c>leaky_relu</c> without a slope means PyTorch's default 0.01).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The activation.</returns>
    /// <exception cref="FormatException">Not a known name, or the slope is not a finite number.</exception>
    public static Activation Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryParse(name, out Activation activation, out string? error) ? activation : throw new FormatException(error);
    }

    /// <summary>Parses <paramref name="name"/>, or says why it is not an activation name.</summary>
    internal static bool TryParse(string name, out Activation activation, out string? error)
    {
        string text = name.Trim().ToLowerInvariant();
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string head = colon < 0 ? text : text[..colon].TrimEnd();
        error = null;
        activation = default;
        if (colon >= 0 && head != "leaky_relu")
        {
            error = $"'{name}': only leaky_relu takes a parameter.";
            return false;
        }

        switch (head)
        {
            case "identity": activation = Activation.Identity; return true;
            case "threshold": activation = Activation.Threshold; return true;
            case "sigmoid": activation = Activation.Sigmoid; return true;
            case "tanh": activation = Activation.Tanh; return true;
            case "relu": activation = Activation.ReLU; return true;
            case "softplus": activation = Activation.Softplus; return true;
            case "silu": activation = Activation.SiLU; return true;
            case "gelu": activation = Activation.Gelu; return true;
            case "gelu_tanh": activation = Activation.GeluTanh; return true;
            case "softmax": activation = Activation.Softmax; return true;
            case "leaky_relu":
                if (colon < 0)
                {
                    activation = Activation.LeakyReLU();
                    return true;
                }

                string slopeText = text[(colon + 1)..].Trim();
                if (!float.TryParse(slopeText, NumberStyles.Float, CultureInfo.InvariantCulture, out float slope) || !float.IsFinite(slope))
                {
                    error = $"'{name}': the leaky_relu slope '{slopeText}' is not a finite number.";
                    return false;
                }

                activation = Activation.LeakyReLU(slope);
                return true;
            default:
                error = $"'{name}' is not an activation (identity, threshold, sigmoid, tanh, relu, leaky_relu:<slope>, softplus, silu, gelu, gelu_tanh, softmax).";
                return false;
        }
    }
}
