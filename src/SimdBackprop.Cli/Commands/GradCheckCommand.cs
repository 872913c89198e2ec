using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using SimdBackprop.Cli.DataSets;
using SimdBackprop.Validation;

namespace SimdBackprop.Cli.Commands;

/// <summary><c>simdbp gradcheck</c>: back-propagated gradients against central finite differences, per tensor.</summary>
internal static class GradCheckCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string?>("--model") { Description = "Model file (default: a fresh network from --inputs/--layers/--activation)" };
        var input = new Option<string?>("--input") { Description = "CSV of inputs (default: random data)" };
        var targets = new Option<string?>("--targets") { Description = "CSV of targets (default: random data)" };
        var inputs = new Option<int>("--inputs") { Description = "Input size of a fresh network", DefaultValueFactory = _ => 6 };
        var layers = new Option<string>("--layers") { Description = "Layer sizes of a fresh network", DefaultValueFactory = _ => "8,5,3" };
        var activation = new Option<string>("--activation") { Description = "Hidden activation of a fresh network", DefaultValueFactory = _ => "tanh" };
        var samples = new Option<int>("--samples") { Description = "Random samples when no data is given", DefaultValueFactory = _ => 4 };
        var loss = new Option<string>("--loss") { Description = "half-sse | sse | mse | cross-entropy", DefaultValueFactory = _ => "mse" };
        var epsilon = new Option<float>("--epsilon") { Description = "Finite-difference step ε", DefaultValueFactory = _ => 1e-2f };
        var tolerance = new Option<double>("--tolerance") { Description = "Largest relative error that passes", DefaultValueFactory = _ => 2e-2 };
        var seed = new Option<int>("--seed") { Description = "Seed of the fresh network and random data", DefaultValueFactory = _ => 1 };
        var command = new Command("gradcheck", "Check back-propagated gradients against finite differences")
        {
            model, input, targets, inputs, layers, activation, samples, loss, epsilon, tolerance, seed,
        };
        command.SetAction(parse =>
        {
            int seedValue = parse.GetValue(seed);
            var random = new Random(seedValue);
            Network network;
            if (parse.GetValue(model) is { } modelPath)
            {
                network = ModelFile.Load(modelPath);
            }
            else
            {
                if (parse.GetValue(inputs) <= 0)
                {
                    throw new CliException("--inputs must be positive");
                }

                int[] sizes = Names.ParseLayers(parse.GetValue(layers)!);
                Activation hidden = Names.ParseActivation(parse.GetValue(activation)!, "--activation");
                network = new Network(parse.GetValue(inputs), sizes.Select((n, i) => new LayerSpec(n, i == sizes.Length - 1 ? Activation.Identity : hidden)).ToArray());
                network.Initialize(WeightInit.GlorotUniform, seedValue);
            }

            LossKind lossKind = Names.ParseLoss(parse.GetValue(loss)!);
            DataSet data = LoadOrDraw(parse.GetValue(input), parse.GetValue(targets), parse.GetValue(samples), network, lossKind, random);
            Evaluate.RequireShape(network, parse.GetValue(model) ?? "the network", data.InputSize, data.OutputSize, parse.GetValue(input) ?? "the data", parse.GetValue(targets) ?? "the targets");
            GradientCheckReport report = GradientCheck.Run(network, data.Inputs, data.Targets, data.Samples, lossKind, parse.GetValue(epsilon));
            double limit = parse.GetValue(tolerance);
            var table = new Table().AddColumns("tensor", "max relative error", "at", "backprop", "finite difference", "");
            foreach (TensorGradientError t in report.Tensors)
            {
                table.AddRow(t.Name, t.MaxRelativeError.ToString("E2", CultureInfo.InvariantCulture), t.WorstIndex.ToString(CultureInfo.InvariantCulture),
                    t.Analytic.ToString("G6", CultureInfo.InvariantCulture), t.Numeric.ToString("G6", CultureInfo.InvariantCulture), t.MaxRelativeError <= limit ? "ok" : "FAIL");
            }

            context.Console.Write(table);
            if (!report.Passed(limit))
            {
                context.Error.WriteLine($"simdbp: gradient check failed: max relative error {report.MaxRelativeError:E2} > tolerance {limit:E2}");
                return 1;
            }

            context.Out.WriteLine($"gradient check passed: max relative error {report.MaxRelativeError.ToString("E2", CultureInfo.InvariantCulture)} ≤ {limit.ToString("E2", CultureInfo.InvariantCulture)}");
            return 0;
        });
        return command;
    }

    private static DataSet LoadOrDraw(string? input, string? targets, int samples, Network network, LossKind loss, Random random)
    {
        if (input is not null || targets is not null)
        {
            if (input is null || targets is null)
            {
                throw new CliException("--input and --targets go together");
            }

            return Evaluate.LoadCsvPair(input, targets);
        }

        if (samples <= 0)
        {
            throw new CliException("--samples must be positive");
        }

        var x = new float[samples * network.InputSize];
        var t = new float[samples * network.OutputSize];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)((2 * random.NextDouble()) - 1);
        }

        for (int s = 0; s < samples; s++)
        {
            if (loss == LossKind.SoftmaxCrossEntropy)
            {
                t[(s * network.OutputSize) + random.Next(network.OutputSize)] = 1;
            }
            else
            {
                for (int j = 0; j < network.OutputSize; j++)
                {
                    t[(s * network.OutputSize) + j] = (float)((2 * random.NextDouble()) - 1);
                }
            }
        }

        return new DataSet(x, t, samples, network.InputSize, network.OutputSize);
    }
}
