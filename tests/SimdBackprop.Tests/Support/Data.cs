namespace SimdBackprop.Tests.Support;

/// <summary>Seeded random test data.</summary>
internal static class Data
{
    public static float[] Uniform(Random random, int length, float scale = 1f)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)(((2 * random.NextDouble()) - 1) * scale);
        }

        return x;
    }

    /// <summary>Random probability rows (non-negative, each row summing to 1).</summary>
    public static float[] ProbabilityRows(Random random, int rows, int cols)
    {
        var t = new float[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int c = 0; c < cols; c++)
            {
                sum += t[(r * cols) + c] = (float)random.NextDouble();
            }

            for (int c = 0; c < cols; c++)
            {
                t[(r * cols) + c] = (float)(t[(r * cols) + c] / sum);
            }
        }

        return t;
    }

    public static double[] ToDouble(this float[] x) => x.Select(v => (double)v).ToArray();

    public static double[] ToDouble(this ReadOnlySpan<float> x) => x.ToArray().ToDouble();

    public static double[] ToDouble(this Span<float> x) => x.ToArray().ToDouble();
}
