using System.CommandLine;
using SimdBackprop.Cli.DataSets;

namespace SimdBackprop.Cli.Commands;

/// <summary><c>simdbp predict</c>: the network's outputs for every row of a CSV.</summary>
internal static class PredictCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model file (safetensors)", Required = true };
        var input = new Option<string>("--input") { Description = "Headerless numeric CSV of inputs", Required = true };
        var output = new Option<string?>("--output") { Description = "Where to write the outputs as CSV (default: stdout)" };
        var softmax = new Option<bool>("--softmax") { Description = "Apply a softmax to each output row (for models trained with cross-entropy)" };
        var weights = Names.WeightsOption();
        var command = new Command("predict", "Run a trained network on CSV inputs") { model, input, output, softmax, weights };
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!, inputPath = parse.GetValue(input)!;
            Network network = ModelFile.Load(modelPath);
            (float[] x, int rows, int columns) = Csv.Read(inputPath);
            Evaluate.RequireShape(network, modelPath, columns, null, inputPath, null);
            float[] y;
            if (Names.ParseWeights(parse.GetValue(weights)!) == WeightPrecision.BFloat16)
            {
                y = new float[rows * network.OutputSize];
                new Predictor(network, WeightPrecision.BFloat16).Predict(x, rows, y);
            }
            else
            {
                y = Evaluate.Outputs(network, x, rows);
            }

            if (parse.GetValue(softmax))
            {
                Losses.Softmax(rows, network.OutputSize, y, y);
            }

            if (parse.GetValue(output) is { } path)
            {
                using var writer = new StreamWriter(path);
                Csv.Write(writer, y, rows, network.OutputSize);
            }
            else
            {
                Csv.Write(context.Out, y, rows, network.OutputSize);
            }

            return 0;
        });
        return command;
    }
}
