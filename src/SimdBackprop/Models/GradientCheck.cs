using SimdBackprop.Validation;

namespace SimdBackprop;

/// <summary>
/// Checks a network's back-propagated gradients against central finite differences,
/// (E(θ + ε) − E(θ − ε)) / 2ε for each parameter in turn, for users' own property tests.
/// </summary>
public static class GradientCheck
{
    /// <summary>
    /// Runs the check on <paramref name="network"/> (its parameters are restored exactly; its accumulated
    /// gradients are overwritten with this batch's). In float arithmetic choose ε near 1e-2…1e-3 and expect
    /// relative errors around 1e-3 when E is of order 1 (the differences of a float loss carry about
    /// |E|·2⁻²³/ε of rounding: prefer a mean loss over a large sum); avoid data sitting on a ReLU kink.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="input">batch × InputSize.</param>
    /// <param name="target">batch × OutputSize.</param>
    /// <param name="batch">Samples (positive).</param>
    /// <param name="loss">E.</param>
    /// <param name="epsilon">The step ε (positive, finite).</param>
    /// <param name="floor">Denominator floor of the relative error, as a fraction of the network's largest gradient
    /// magnitude G: elements far below G are compared absolutely at floor·G. Float forward passes carry rounding
    /// that is relative to the whole loss, not to each tiny element, so a fixed absolute floor would be fragile.</param>
    /// <returns>The per-tensor report.</returns>
    /// <exception cref="ArgumentException">A null network, a non-positive batch or ε, or a span too short (named).</exception>
    public static GradientCheckReport Run(
        Network network, ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, LossKind loss,
        float epsilon = 1e-3f, double floor = 1e-2) =>
        Run(network, input, target, batch, loss, epsilon, floor, corruptAnalytic: null);

    /// <summary>The check, with a test seam: <paramref name="corruptAnalytic"/> may alter the back-propagated
    /// gradients before the comparison, to prove the check fails when they are wrong.</summary>
    internal static GradientCheckReport Run(
        Network network, ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, LossKind loss,
        float epsilon, double floor, Action<Network>? corruptAnalytic)
    {
        ArgumentNullException.ThrowIfNull(network);
        Check.Positive(batch, nameof(batch));
        if (!(float.IsFinite(epsilon) && epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Must be positive and finite.");
        }

        if (!(floor > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(floor), floor, "Must be positive.");
        }

        Check.AtLeast(input.Length, (long)batch * network.InputSize, nameof(input));
        Check.AtLeast(target.Length, (long)batch * network.OutputSize, nameof(target));
        NetworkWorkspace ws = network.CreateWorkspace(batch);
        network.ZeroGradients();
        network.ComputeGradients(input, target, batch, loss, ws);
        corruptAnalytic?.Invoke(network);
        double scale = 0;
        foreach (float g in network.Gradients)
        {
            scale = Math.Max(scale, Math.Abs(g));
        }

        double absoluteFloor = Math.Max(floor * scale, double.Epsilon);
        var results = new List<TensorGradientError>(network.LayerCount * 2);
        for (int l = 0; l < network.LayerCount; l++)
        {
            results.Add(CheckTensor(network, l, isBias: false, input, target, batch, loss, ws, epsilon, absoluteFloor));
            results.Add(CheckTensor(network, l, isBias: true, input, target, batch, loss, ws, epsilon, absoluteFloor));
        }

        return new GradientCheckReport(results);
    }

    private static TensorGradientError CheckTensor(
        Network network, int layer, bool isBias, ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch,
        LossKind loss, NetworkWorkspace ws, float epsilon, double floor)
    {
        Span<float> theta = isBias ? network.Bias(layer) : network.Weights(layer);
        Span<float> analytic = isBias ? network.BiasGradients(layer) : network.WeightGradients(layer);
        double worst = 0, worstAnalytic = 0, worstNumeric = 0;
        int worstIndex = 0;
        for (int i = 0; i < theta.Length; i++)
        {
            float saved = theta[i];
            theta[i] = saved + epsilon;
            double plus = network.Error(input, target, batch, loss, ws);
            theta[i] = saved - epsilon;
            double minus = network.Error(input, target, batch, loss, ws);
            theta[i] = saved;

            // Divide by the step really taken: θ ± ε rounds in float.
            double step = (double)(saved + epsilon) - (double)(saved - epsilon);
            double numeric = (plus - minus) / step;
            double error = Math.Abs(analytic[i] - numeric) / Math.Max(Math.Max(Math.Abs(analytic[i]), Math.Abs(numeric)), floor);
            if (error > worst || i == 0)
            {
                (worst, worstIndex, worstAnalytic, worstNumeric) = (error, i, analytic[i], numeric);
            }
        }

        string name = isBias ? TensorNames.Bias(layer) : TensorNames.Weight(layer);
        return new TensorGradientError(name, layer, isBias, worst, worstIndex, worstAnalytic, worstNumeric);
    }
}
