using System.CommandLine;

namespace SimdBackprop.Cli.Commands;

/// <summary><c>simdbp grad</c>: ∂E/∂θ over the whole batch, saved with the model's tensor names (to compare with other frameworks).</summary>
internal static class GradCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model file (safetensors)", Required = true };
        var input = new Option<string>("--input") { Description = "CSV of inputs", Required = true };
        var targets = new Option<string>("--targets") { Description = "CSV of targets", Required = true };
        var loss = new Option<string>("--loss") { Description = "half-sse | sse | mse | cross-entropy", Required = true };
        var output = new Option<string>("--output") { Description = "Where to save the gradients (safetensors)", Required = true };
        var command = new Command("grad", "Gradient of the loss over the whole batch, tensors named like the model's") { model, input, targets, loss, output };
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!, inputPath = parse.GetValue(input)!, targetPath = parse.GetValue(targets)!;
            LossKind lossKind = Names.ParseLoss(parse.GetValue(loss)!);
            Network network = ModelFile.Load(modelPath);
            var data = Evaluate.LoadCsvPair(inputPath, targetPath);
            Evaluate.RequireShape(network, modelPath, data.InputSize, data.OutputSize, inputPath, targetPath);
            network.ZeroGradients();
            float e = network.ComputeGradients(data.Inputs, data.Targets, data.Samples, lossKind, network.CreateWorkspace(data.Samples));
            using (FileStream file = File.Create(parse.GetValue(output)!))
            {
                ModelFile.SaveGradients(network, file);
            }

            context.Out.WriteLine($"loss: {e:R}");
            context.Out.WriteLine($"gradients saved to {Path.GetFullPath(parse.GetValue(output)!)}");
            return 0;
        });
        return command;
    }
}
