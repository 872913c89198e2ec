using System.Globalization;

namespace SimdBackprop;

/// <summary>
/// The names of a network's parameter tensors, PyTorch's <c>state_dict</c> keys of an <c>nn.Sequential</c>
/// of <c>nn.Linear</c> layers numbered 0, 1, …: <c>layers.{l}.weight</c> (θ, out × in) and <c>layers.{l}.bias</c> (b).
/// Model files, gradient files and the gradient check use them.
/// </summary>
public static class TensorNames
{
    /// <summary>The name of layer <paramref name="layer"/>'s weights θ.</summary>
    /// <param name="layer">Layer index from 0.</param>
    /// <returns><c>layers.{layer}.weight</c>.</returns>
    public static string Weight(int layer) => string.Create(CultureInfo.InvariantCulture, $"layers.{layer}.weight");

    /// <summary>The name of layer <paramref name="layer"/>'s bias b.</summary>
    /// <param name="layer">Layer index from 0.</param>
    /// <returns><c>layers.{layer}.bias</c>.</returns>
    public static string Bias(int layer) => string.Create(CultureInfo.InvariantCulture, $"layers.{layer}.bias");
}
