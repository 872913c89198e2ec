using Microsoft.AspNetCore.Builder;
using SimdBackprop.Cli.Server;

namespace SimdBackprop.Tests.Server;

/// <summary>The real <c>simdbp serve</c> server, started in-process on a free loopback port over a model file
/// in a temporary folder, with an <see cref="HttpClient"/> pointed at it.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private RunningServer(WebApplication app, ServedModel served, string folder)
    {
        this.app = app;
        Served = served;
        Folder = folder;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public ServedModel Served { get; }

    public string Folder { get; }

    public string ModelPath => Served.Path;

    public static async Task<RunningServer> StartAsync(Network network, long maxBodyBytes = ServeOptions.DefaultMaxBodyBytes, WeightPrecision precision = WeightPrecision.Float32)
    {
        string folder = Path.Combine(Path.GetTempPath(), "simdbp-serve-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "model.safetensors");
        ModelFile.Save(network, path);
        var served = new ServedModel(new Predictor(ModelFile.Load(path), precision), path);
        WebApplication app = PredictionServer.Build(new ServeOptions(path, ["http://127.0.0.1:0"], maxBodyBytes), served, _ => { });
        await app.StartAsync();
        return new RunningServer(app, served, folder);
    }

    /// <summary>Replaces the model file the way deployments do: written beside it, then renamed over it.</summary>
    public void ReplaceModel(Network network) => ReplaceModel(stream => ModelFile.Save(network, stream));

    public void ReplaceModel(Action<Stream> write)
    {
        string temporary = Path.Combine(Folder, "incoming-" + Guid.NewGuid().ToString("N"));
        using (FileStream stream = File.Create(temporary))
        {
            write(stream);
        }

        File.Move(temporary, ModelPath, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
