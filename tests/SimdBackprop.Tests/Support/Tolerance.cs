namespace SimdBackprop.Tests.Support;

/// <summary>Comparisons against the double reference with bounds that scale with the magnitudes summed.</summary>
internal static class Tolerance
{
    /// <summary>Unit round-off of float, 2⁻²⁴.</summary>
    public const double Epsilon = 5.9604644775390625e-8;

    /// <summary>
    /// |actual − expected| ≤ relative · magnitude[i] + absolute for every i, where magnitude is Σ|terms| of
    /// that element (a sum of k products in float carries at most about k·2⁻²⁴·Σ|terms| rounding error).
    /// </summary>
    public static void Within(ReadOnlySpan<float> actual, double[] expected, double[] magnitude, double relative, double absolute, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double bound = (relative * magnitude[i]) + absolute;
            double error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= bound))
            {
                Assert.Fail($"{what}[{i}]: got {actual[i]:R}, expected {expected[i]:R} (error {error:E3} > bound {bound:E3}, magnitude {magnitude[i]:E3})");
            }
        }
    }

    /// <summary>|actual − expected| ≤ relative · max_i |scale_i| + absolute: for tensors whose elements carry float
    /// rounding relative to the tensor's size (e.g. σ' = 1 − o² near saturation), not to each element.</summary>
    public static void WithinTensorScale(ReadOnlySpan<float> actual, double[] expected, double[] scale, double relative, double absolute, string what)
    {
        double max = scale.Length == 0 ? 0 : scale.Max(Math.Abs);
        Within(actual, expected, Enumerable.Repeat(max, expected.Length).ToArray(), relative, absolute, what);
    }
}
