namespace SimdBackprop.Cli.Server;

/// <summary>
/// The predictor a server answers with, and what its last reload attempt said. Requests read it; only the
/// <see cref="ModelReloader"/> changes it, through <see cref="Predictor.Publish"/> (an atomic swap).
/// </summary>
internal sealed class ServedModel
{
    private volatile string? lastReloadError;

    public ServedModel(Predictor predictor, string path)
    {
        Predictor = predictor;
        Path = path;
    }

    public Predictor Predictor { get; }

    /// <summary>The model file served and watched.</summary>
    public string Path { get; }

    /// <summary>Why the most recent reload failed, or null when it succeeded (or none was attempted).</summary>
    public string? LastReloadError
    {
        get => lastReloadError;
        set => lastReloadError = value;
    }
}
