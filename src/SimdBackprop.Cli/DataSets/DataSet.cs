namespace SimdBackprop.Cli.DataSets;

/// <summary>Samples as row-major inputs (samples × inputSize) and targets (samples × outputSize).</summary>
internal sealed record DataSet(float[] Inputs, float[] Targets, int Samples, int InputSize, int OutputSize)
{
    /// <summary>Whether every target row is one-hot (a single 1, the rest 0): accuracy applies.</summary>
    public bool IsOneHot
    {
        get
        {
            for (int s = 0; s < Samples; s++)
            {
                int ones = 0, zeros = 0;
                foreach (float v in Targets.AsSpan(s * OutputSize, OutputSize))
                {
                    ones += v == 1 ? 1 : 0;
                    zeros += v == 0 ? 1 : 0;
                }

                if (ones != 1 || ones + zeros != OutputSize)
                {
                    return false;
                }
            }

            return Samples > 0;
        }
    }

    /// <summary>The rows in <paramref name="indices"/>, in that order.</summary>
    public DataSet Select(IReadOnlyList<int> indices)
    {
        var x = new float[indices.Count * InputSize];
        var t = new float[indices.Count * OutputSize];
        for (int r = 0; r < indices.Count; r++)
        {
            Inputs.AsSpan(indices[r] * InputSize, InputSize).CopyTo(x.AsSpan(r * InputSize));
            Targets.AsSpan(indices[r] * OutputSize, OutputSize).CopyTo(t.AsSpan(r * OutputSize));
        }

        return new DataSet(x, t, indices.Count, InputSize, OutputSize);
    }
}
