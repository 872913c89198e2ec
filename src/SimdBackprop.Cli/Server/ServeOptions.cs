namespace SimdBackprop.Cli.Server;

/// <summary>How <c>simdbp serve</c> runs: the model file it serves and watches, where it listens, its limits.</summary>
/// <param name="ModelPath">The model file (safetensors or ONNX); replaced files are reloaded.</param>
/// <param name="Urls">Listen addresses, e.g. <c>http://127.0.0.1:5000</c> (port 0 picks a free port).</param>
/// <param name="MaxBodyBytes">The largest request body accepted; larger ones get 413.</param>
internal sealed record ServeOptions(string ModelPath, IReadOnlyList<string> Urls, long MaxBodyBytes)
{
    /// <summary>The default address: loopback only, as a sidecar or behind a proxy.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>The default body limit, 64 MiB: about 21,000 rows of 784 float32 features in binary.</summary>
    public const long DefaultMaxBodyBytes = 64L << 20;

    /// <summary>An answer may be at most this many times the body limit (a narrow input can ask for a wide answer).</summary>
    public const long AnswerToBodyRatio = 4;

    /// <summary>How often the model file is checked even when no file-system event arrived (events can be lost).</summary>
    public static readonly TimeSpan ReloadPollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long after a file event the reload waits, so a writer that is still writing can finish.</summary>
    public static readonly TimeSpan ReloadSettleDelay = TimeSpan.FromMilliseconds(50);
}
