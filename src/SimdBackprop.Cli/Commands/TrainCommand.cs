using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using SimdBackprop.Cli.DataSets;
using SimdBackprop.Cli.Output;

namespace SimdBackprop.Cli.Commands;

/// <summary><c>simdbp train</c>: trains a network on CSV data or the built-in digits, saves the model and the loss curve.</summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Option<string?>("--input") { Description = "Headerless numeric CSV of inputs, one sample per line (default: the built-in digits)" };
        var targets = new Option<string?>("--targets") { Description = "CSV of targets, as many columns as outputs (one-hot rows for cross-entropy)" };
        var layers = new Option<string?>("--layers") { Description = "Layer sizes after the input, e.g. 64,32,10 (default 64,<outputs>)" };
        var activation = new Option<string>("--activation") { Description = "Hidden activation: identity, sigmoid, tanh, relu, leaky_relu:<slope>, softplus, silu, gelu, gelu_tanh", DefaultValueFactory = _ => "relu" };
        var outputActivation = new Option<string?>("--output-activation") { Description = "Output activation, or softmax (fused with cross-entropy); default softmax for one-hot targets, else identity" };
        var loss = new Option<string?>("--loss") { Description = "half-sse | sse | mse | cross-entropy (default: cross-entropy with softmax, else mse)" };
        var optimizer = new Option<string>("--optimizer") { Description = "sgd | momentum | adam | adamw", DefaultValueFactory = _ => "adam" };
        var lr = new Option<float?>("--lr") { Description = "Learning rate η (default 0.1 sgd, 0.05 momentum, 0.001 adam/adamw)" };
        var momentum = new Option<float>("--momentum") { Description = "Momentum μ for --optimizer momentum", DefaultValueFactory = _ => 0.9f };
        var weightDecay = new Option<float?>("--weight-decay") { Description = "Weight decay λ (default 0; 0.01 for adamw)" };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training data", DefaultValueFactory = _ => 30 };
        var batchSize = new Option<int>("--batch-size") { Description = "Samples per update; 1 is online learning", DefaultValueFactory = _ => 32 };
        var fullBatch = new Option<bool>("--full-batch") { Description = "One update per epoch on the whole data (batch learning)" };
        var seed = new Option<int>("--seed") { Description = "Seed of initialization and shuffling", DefaultValueFactory = _ => 1 };
        var noShuffle = new Option<bool>("--no-shuffle") { Description = "Batches follow the data order" };
        var initModel = new Option<string?>("--init-model") { Description = "Start from these weights (safetensors)" };
        var modelOut = new Option<string>("--model-out") { Description = "Where to save the trained model", DefaultValueFactory = _ => "model.safetensors" };
        var plot = new Option<string>("--plot") { Description = "Where to save the loss curve (SVG)", DefaultValueFactory = _ => "loss.svg" };
        var threads = new Option<int>("--threads") { Description = "Threads for each step: matrix products, activations, gradients, update (the trained weights are the same for any count)", DefaultValueFactory = _ => 1 };
        var command = new Command("train", "Train a network by backpropagation")
        {
            input, targets, layers, activation, outputActivation, loss, optimizer, lr, momentum, weightDecay,
            epochs, batchSize, fullBatch, seed, noShuffle, initModel, modelOut, plot, threads,
        };
        command.SetAction(parse => Run(context, new Settings(
            parse.GetValue(input), parse.GetValue(targets), parse.GetValue(layers), parse.GetValue(activation)!,
            parse.GetValue(outputActivation), parse.GetValue(loss), parse.GetValue(optimizer)!, parse.GetValue(lr),
            parse.GetValue(momentum), parse.GetValue(weightDecay), parse.GetValue(epochs), parse.GetValue(batchSize),
            parse.GetValue(fullBatch), parse.GetValue(seed), parse.GetValue(noShuffle), parse.GetValue(initModel),
            parse.GetValue(modelOut)!, parse.GetValue(plot)!, parse.GetValue(threads))));
        return command;
    }

    private static int Run(CliContext context, Settings s)
    {
        if (s.Epochs <= 0)
        {
            throw new CliException("--epochs must be positive");
        }

        if (s.BatchSize <= 0)
        {
            throw new CliException("--batch-size must be positive");
        }

        if (s.Threads is < 1 or > 64)
        {
            throw new CliException("--threads must be between 1 and 64");
        }

        (DataSet train, DataSet? test, string dataName) = LoadData(s);
        bool softmax = (s.OutputActivation ?? (train.IsOneHot ? "softmax" : "identity")) == "softmax";
        LossKind loss = Names.ParseLoss(s.Loss ?? (softmax ? "cross-entropy" : "mse"));
        if (softmax && loss != LossKind.SoftmaxCrossEntropy)
        {
            throw new CliException("--output-activation softmax goes with --loss cross-entropy (the softmax is fused into the loss)");
        }

        Network network = BuildNetwork(s, train, softmax);
        Optimizer optimizer = Names.CreateOptimizer(s.Optimizer, s.LearningRate, s.Momentum, s.WeightDecay);
        int batchSize = s.FullBatch ? train.Samples : Math.Min(s.BatchSize, train.Samples);
        var trainer = new Trainer(network, optimizer, loss, batchSize, s.Seed, s.Threads);

        var losses = new List<double>(s.Epochs);
        var clock = Stopwatch.StartNew();
        if (context.Interactive)
        {
            context.Console.Progress().Start(progress =>
            {
                ProgressTask task = progress.AddTask("training", maxValue: s.Epochs);
                for (int epoch = 0; epoch < s.Epochs; epoch++)
                {
                    losses.Add(trainer.TrainEpoch(train.Inputs, train.Targets, train.Samples, shuffle: !s.NoShuffle));
                    task.Description = $"epoch {epoch + 1}/{s.Epochs}  loss {losses[^1]:G5}";
                    task.Increment(1);
                }
            });
        }
        else
        {
            for (int epoch = 0; epoch < s.Epochs; epoch++)
            {
                losses.Add(trainer.TrainEpoch(train.Inputs, train.Targets, train.Samples, shuffle: !s.NoShuffle));
            }
        }

        double seconds = clock.Elapsed.TotalSeconds;
        float finalLoss = Evaluate.Error(network, train, loss);
        var table = new Table().AddColumns("", "value");
        table.AddRow("data", Markup.Escape(dataName));
        table.AddRow("network", Markup.Escape(Describe(network, softmax)));
        table.AddRow("loss (train)", $"{Names.LossName(loss)} = {finalLoss.ToString("G5", CultureInfo.InvariantCulture)}");
        double? testAccuracy = null;
        if (train.IsOneHot)
        {
            table.AddRow("accuracy (train)", $"{100 * Evaluate.Accuracy(network, train):F1}%");
            if (test is not null)
            {
                testAccuracy = Evaluate.Accuracy(network, test);
                table.AddRow("accuracy (test)", $"{100 * testAccuracy:F1}%");
            }
        }

        table.AddRow("samples/s", $"{s.Epochs * (double)train.Samples / seconds:N0} ({s.Epochs} epochs in {seconds:F2} s)");
        table.AddRow("tier", Simd.Tier.ToString());
        context.Console.Write(table);

        ModelFile.Save(network, s.ModelOut);
        File.WriteAllText(s.Plot, SvgLossPlot.Render(losses, $"{Names.LossName(loss)} per epoch, {dataName}"));
        if (testAccuracy is { } accuracy)
        {
            context.Out.WriteLine($"test accuracy: {(100 * accuracy).ToString("F1", CultureInfo.InvariantCulture)}%");
        }

        context.Out.WriteLine($"model saved to {Path.GetFullPath(s.ModelOut)}");
        context.Out.WriteLine($"loss curve saved to {Path.GetFullPath(s.Plot)}");
        return 0;
    }

    private static (DataSet Train, DataSet? Test, string Name) LoadData(Settings s)
    {
        if (s.Input is null && s.Targets is null)
        {
            (DataSet train, DataSet test) = Digits.LoadSplit();
            return (train, test, $"built-in digits ({train.Samples} train / {test.Samples} test)");
        }

        if (s.Input is null || s.Targets is null)
        {
            throw new CliException("--input and --targets go together");
        }

        DataSet data = Evaluate.LoadCsvPair(s.Input, s.Targets);
        return (data, null, $"{Path.GetFileName(s.Input)} ({data.Samples} samples)");
    }

    private static Network BuildNetwork(Settings s, DataSet data, bool softmax)
    {
        if (s.InitModel is not null)
        {
            Network start = ModelFile.Load(s.InitModel);
            if (start.InputSize != data.InputSize || start.OutputSize != data.OutputSize)
            {
                throw new CliException($"{s.InitModel}: the model maps {start.InputSize} inputs to {start.OutputSize} outputs, but the data has {data.InputSize} input and {data.OutputSize} target columns");
            }

            if (s.Layers is not null && !Names.ParseLayers(s.Layers).SequenceEqual(start.Layers.Select(l => l.Size)))
            {
                throw new CliException($"--layers {s.Layers} disagrees with the layers of {s.InitModel}");
            }

            return start;
        }

        int[] sizes = s.Layers is null ? [64, data.OutputSize] : Names.ParseLayers(s.Layers);
        if (sizes[^1] != data.OutputSize)
        {
            throw new CliException($"--layers ends with {sizes[^1]} outputs, but the targets have {data.OutputSize} columns");
        }

        Activation hidden = Names.ParseActivation(s.Activation, "--activation");
        Activation output = softmax ? Activation.Identity : Names.ParseActivation(s.OutputActivation ?? "identity", "--output-activation");
        var specs = sizes.Select((size, i) => new LayerSpec(size, i == sizes.Length - 1 ? output : hidden)).ToArray();
        if (specs.Any(l => !l.Activation.HasDerivative))
        {
            throw new CliException("the threshold activation has no derivative and cannot be trained");
        }

        var network = new Network(data.InputSize, specs);
        bool reluLike = hidden.Kind is ActivationKind.ReLU or ActivationKind.LeakyReLU or ActivationKind.Gelu or ActivationKind.GeluTanh or ActivationKind.SiLU;
        network.Initialize(reluLike ? WeightInit.HeNormal : WeightInit.GlorotUniform, s.Seed);
        return network;
    }

    private static string Describe(Network network, bool softmax) =>
        $"{network.InputSize}-" + string.Join("-", network.Layers.Select(l => l.Size)) +
        $" ({string.Join(", ", network.Layers.Select((l, i) => i == network.LayerCount - 1 && softmax ? "softmax" : ActivationNames.Name(l.Activation)))})";

    private sealed record Settings(
        string? Input, string? Targets, string? Layers, string Activation, string? OutputActivation, string? Loss,
        string Optimizer, float? LearningRate, float Momentum, float? WeightDecay, int Epochs, int BatchSize,
        bool FullBatch, int Seed, bool NoShuffle, string? InitModel, string ModelOut, string Plot, int Threads);
}
