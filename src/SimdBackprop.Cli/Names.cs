namespace SimdBackprop.Cli;

/// <summary>The command line's names for losses and optimizers (activations use the model file's names).</summary>
internal static class Names
{
    public static readonly string[] Losses = ["half-sse", "sse", "mse", "cross-entropy"];
    public static readonly string[] Optimizers = ["sgd", "momentum", "adam", "adamw"];

    /// <summary>The names of <see cref="WeightPrecision"/> on the command line and in /healthz.</summary>
    public static readonly string[] WeightPrecisions = ["fp32", "bf16"];

    public static WeightPrecision ParseWeights(string name) => name switch
    {
        "fp32" => WeightPrecision.Float32,
        "bf16" => WeightPrecision.BFloat16,
        _ => throw new CliException($"unknown weight precision '{name}' (expected one of: {string.Join(", ", WeightPrecisions)})"),
    };

    public static string WeightsName(WeightPrecision precision) => WeightPrecisions[(int)precision];

    /// <summary>The <c>--weights</c> option of predict and serve.</summary>
    public static System.CommandLine.Option<string> WeightsOption() => new("--weights")
    {
        Description = "Weight precision for serving: fp32, or bf16 (half the bytes per call; each layer within 2^-8·Σ|θ·x| of fp32)",
        DefaultValueFactory = _ => "fp32",
    };

    public static LossKind ParseLoss(string name) => name switch
    {
        "half-sse" => LossKind.HalfSumOfSquares,
        "sse" => LossKind.SumOfSquares,
        "mse" => LossKind.MeanSquaredError,
        "cross-entropy" => LossKind.SoftmaxCrossEntropy,
        _ => throw new CliException($"unknown loss '{name}' (expected one of: {string.Join(", ", Losses)})"),
    };

    public static string LossName(LossKind loss) => Losses[(int)loss];

    /// <summary>An activation by its model-file name (relu, leaky_relu:0.1, …), as a CLI error when unknown.</summary>
    public static Activation ParseActivation(string name, string option)
    {
        try
        {
            return ActivationNames.Parse(name);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidDataException)
        {
            throw new CliException($"{option}: unknown activation '{name}' (expected identity, threshold, sigmoid, tanh, relu, leaky_relu:<slope>, softplus, silu, gelu, gelu_tanh)");
        }
    }

    public static Optimizer CreateOptimizer(string name, float? learningRate, float momentum, float? weightDecay) => name switch
    {
        "sgd" => new SgdOptimizer(new SgdSettings(learningRate ?? 0.1f, weightDecay ?? 0)),
        "momentum" => new MomentumOptimizer(new MomentumSettings(learningRate ?? 0.05f, momentum, weightDecay ?? 0)),
        "adam" => new AdamOptimizer(AdamSettings.Adam with { LearningRate = learningRate ?? 1e-3f, WeightDecay = weightDecay ?? 0 }),
        "adamw" => new AdamOptimizer(AdamSettings.AdamW with { LearningRate = learningRate ?? 1e-3f, WeightDecay = weightDecay ?? 0.01f }),
        _ => throw new CliException($"unknown optimizer '{name}' (expected one of: {string.Join(", ", Optimizers)})"),
    };

    /// <summary>"64,32,10" → [64, 32, 10].</summary>
    public static int[] ParseLayers(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], out sizes[i]) || sizes[i] <= 0)
            {
                throw new CliException($"--layers: '{parts[i]}' is not a positive layer size (expected e.g. 64,32,10)");
            }
        }

        return sizes;
    }
}
