namespace SimdBackprop;

/// <summary>The outcome of a gradient check (GradientCheck.Run): one entry per parameter tensor.</summary>
/// <param name="Tensors">Per tensor, first layer first, weights before bias.</param>
public sealed record GradientCheckReport(IReadOnlyList<TensorGradientError> Tensors)
{
    /// <summary>The largest relative error over all tensors.</summary>
    public double MaxRelativeError => Tensors.Count == 0 ? 0 : Tensors.Max(t => t.MaxRelativeError);

    /// <summary>Whether every tensor's relative error is at most <paramref name="tolerance"/>.</summary>
    /// <param name="tolerance">The bound.</param>
    /// <returns>true when the check passes.</returns>
    public bool Passed(double tolerance) => MaxRelativeError <= tolerance;
}
