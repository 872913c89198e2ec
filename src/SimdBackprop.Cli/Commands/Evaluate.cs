using SimdBackprop.Cli.DataSets;

namespace SimdBackprop.Cli.Commands;

/// <summary>Shared by the commands: loading an input/target CSV pair, outputs, loss and accuracy over a data set.</summary>
internal static class Evaluate
{
    private const int Chunk = 256;

    public static DataSet LoadCsvPair(string inputPath, string targetPath)
    {
        (float[] x, int rows, int inputs) = Csv.Read(inputPath);
        (float[] t, int targetRows, int outputs) = Csv.Read(targetPath);
        if (rows != targetRows)
        {
            throw new CliException($"{inputPath} has {rows} rows but {targetPath} has {targetRows}");
        }

        return new DataSet(x, t, rows, inputs, outputs);
    }

    /// <summary>Network outputs for every sample, in chunks through one workspace.</summary>
    public static float[] Outputs(Network network, float[] inputs, int samples)
    {
        var y = new float[samples * network.OutputSize];
        NetworkWorkspace ws = network.CreateWorkspace(Math.Max(1, Math.Min(Chunk, samples)));
        for (int start = 0; start < samples; start += Chunk)
        {
            int count = Math.Min(Chunk, samples - start);
            network.Forward(inputs.AsSpan(start * network.InputSize, count * network.InputSize), count, ws)
                .CopyTo(y.AsSpan(start * network.OutputSize));
        }

        return y;
    }

    public static float Error(Network network, DataSet data, LossKind loss) =>
        Losses.Error(loss, data.Samples, data.OutputSize, Outputs(network, data.Inputs, data.Samples), data.Targets);

    public static double Accuracy(Network network, DataSet data)
    {
        float[] y = Outputs(network, data.Inputs, data.Samples);
        int correct = 0;
        for (int s = 0; s < data.Samples; s++)
        {
            correct += ArgMax(y.AsSpan(s * data.OutputSize, data.OutputSize)) == ArgMax(data.Targets.AsSpan(s * data.OutputSize, data.OutputSize)) ? 1 : 0;
        }

        return data.Samples == 0 ? 0 : (double)correct / data.Samples;
    }

    /// <summary>Checks that the model's input and output sizes fit the data's columns.</summary>
    public static void RequireShape(Network network, string modelPath, int inputColumns, int? targetColumns, string inputPath, string? targetPath)
    {
        if (network.InputSize != inputColumns)
        {
            throw new CliException($"{inputPath} has {inputColumns} columns, but {modelPath} expects {network.InputSize} inputs");
        }

        if (targetColumns is { } t && t != network.OutputSize)
        {
            throw new CliException($"{targetPath} has {t} columns, but {modelPath} has {network.OutputSize} outputs");
        }
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++)
        {
            best = row[i] > row[best] ? i : best;
        }

        return best;
    }
}
