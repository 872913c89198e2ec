using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using SimdBackprop.Cli.Server;

namespace SimdBackprop.Cli.Commands;

/// <summary><c>simdbp serve</c>: an HTTP prediction server over a model file, reloaded when the file is replaced.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model file (safetensors or .onnx); replacing it reloads the model", Required = true };
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, separated by ';' (port 0 picks a free port)",
            DefaultValueFactory = _ => ServeOptions.DefaultUrl,
        };
        var maxBody = new Option<long>("--max-body-bytes")
        {
            Description = "Largest request body accepted (larger ones get 413)",
            DefaultValueFactory = _ => ServeOptions.DefaultMaxBodyBytes,
        };
        var weights = Names.WeightsOption();
        var command = new Command("serve", "Serve predictions over HTTP: POST /v1/predict (JSON or float32), GET /healthz") { model, urls, maxBody, weights };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(model)!;
            long limit = parse.GetValue(maxBody);
            if (limit is < 1 or > int.MaxValue)
            {
                throw new CliException($"--max-body-bytes must be between 1 and {int.MaxValue}; got {limit}.");
            }

            string[] addresses = parse.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (addresses.Length == 0)
            {
                throw new CliException("--urls names no address.");
            }

            WeightPrecision precision = Names.ParseWeights(parse.GetValue(weights)!);
            var served = new ServedModel(new Predictor(ModelFile.Load(path), precision), path);
            WebApplication app = PredictionServer.Build(new ServeOptions(path, addresses, limit), served);
            app.Start();
            context.Out.WriteLine(
                $"serving {path} ({served.Predictor.InputSize} → {served.Predictor.OutputSize}, {Names.WeightsName(precision)} weights, tier {Simd.Tier}) on {string.Join(", ", app.Urls)}; SIGTERM or Ctrl+C stops");
            app.WaitForShutdown();
            return 0;
        });
        return command;
    }
}
