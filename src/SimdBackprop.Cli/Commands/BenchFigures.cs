namespace SimdBackprop.Cli.Commands;

/// <summary>The work each <c>simdbp bench</c> figure divides by its time, in one place so a test can check the arithmetic.</summary>
internal static class BenchFigures
{
    /// <summary>
    /// Flops of the matrix products of one training step of a dense network (<paramref name="sizes"/>: input, then
    /// each layer's outputs) at <paramref name="batch"/>: per layer 2·batch·in·out for x·Wᵀ and 2·batch·in·out
    /// for δᵀ·x, and 2·batch·in·out for δ·W on every layer but the first, whose input gradient is never formed.
    /// </summary>
    public static double TrainingStepFlops(int batch, IReadOnlyList<int> sizes)
    {
        double flops = 0;
        for (int l = 1; l < sizes.Count; l++)
        {
            double product = 2.0 * batch * sizes[l - 1] * sizes[l];
            flops += l == 1 ? 2 * product : 3 * product;
        }

        return flops;
    }

    /// <summary>Elements per second, in billions, of an element-wise pass over <paramref name="elements"/> values taking <paramref name="seconds"/>.</summary>
    public static double GigaElementsPerSecond(long elements, double seconds) => elements / seconds / 1e9;
}
