using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SimdBackprop.Cli.Server;

/// <summary>
/// Hot reload: watches the served model file and, when it changes (written in place, or written elsewhere and
/// renamed over it), loads it on this background task, off the request path, and publishes it atomically.
/// A file that fails to load, or maps other input or output sizes, leaves the old model serving; the error is
/// logged and kept for <c>/healthz</c>. Change is detected from file-system events and, because those can be
/// lost or coalesced, from a poll of the file's length, write time and change identity.
/// </summary>
internal sealed class ModelReloader : BackgroundService
{
    private readonly ServedModel served;
    private readonly ILogger<ModelReloader> logger;
    private readonly SemaphoreSlim changed = new(0, 1);
    private FileStamp loaded;

    public ModelReloader(ServedModel served, ILogger<ModelReloader> logger)
    {
        this.served = served;
        this.logger = logger;
        loaded = FileStamp.Of(served.Path);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string fullPath = System.IO.Path.GetFullPath(served.Path);
        using var watcher = new FileSystemWatcher(System.IO.Path.GetDirectoryName(fullPath)!, System.IO.Path.GetFileName(fullPath))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += (_, _) => Signal();
        watcher.Created += (_, _) => Signal();
        watcher.Renamed += (_, _) => Signal();
        watcher.EnableRaisingEvents = true;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await changed.WaitAsync(ServeOptions.ReloadPollInterval, stoppingToken))
                {
                    await Task.Delay(ServeOptions.ReloadSettleDelay, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            FileStamp now = FileStamp.Of(served.Path);
            if (now != loaded && now.Exists)
            {
                loaded = now;
                Reload();
            }
        }
    }

    private void Signal()
    {
        if (changed.CurrentCount == 0)
        {
            try
            {
                changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // another event signalled first: one reload covers both
            }
        }
    }

    private void Reload()
    {
        try
        {
            Network network = ModelFile.Load(served.Path);
            long version = served.Predictor.Publish(network);
            served.LastReloadError = null;
            logger.LogInformation("Reloaded {Path}: model version {Version}", served.Path, version);
        }
        catch (Exception e) // whatever a file does, the server keeps serving the old model
        {
            string error = $"{DateTime.UtcNow:O}: {e.Message.ReplaceLineEndings(" ")}";
            served.LastReloadError = error;
            logger.LogError("Reloading {Path} failed; version {Version} keeps serving: {Error}", served.Path, served.Predictor.Version, e.Message);
        }
    }

    /// <summary>What identifies one version of a file on disk without reading it.</summary>
    private readonly record struct FileStamp(bool Exists, long Length, DateTime LastWriteUtc, DateTime ChangeUtc)
    {
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(true, info.Length, info.LastWriteTimeUtc, info.CreationTimeUtc) : default;
        }
    }
}
