using System.Globalization;
using System.Text.RegularExpressions;
using SimdBackprop.Kernels.MatrixProducts.MicroKernels;

namespace SimdBackprop.Tests.Cli;

public class CliEndToEndTests
{
    [Fact]
    public void TrainPredictGrad_RoundTripThroughFiles()
    {
        using var cli = new Simdbp();
        (string x, string t, float[] xs, float[] ts) = RegressionCsv(cli, samples: 40, inputs: 3, outputs: 2, seed: 1);
        string model = cli.PathOf("m.safetensors"), plot = cli.PathOf("loss.svg");
        (int code, string output, string error) = cli.Run("train", "--input", x, "--targets", t, "--layers", "8,2", "--activation", "tanh",
            "--epochs", "5", "--batch-size", "8", "--model-out", model, "--plot", plot);
        Assert.True(code == 0, error);
        Assert.Contains("model saved to", output);
        Assert.StartsWith("<svg", File.ReadAllText(plot));

        // predict writes exactly what the library computes for the saved model.
        Network net = ModelFile.Load(model);
        float[] expected = net.Forward(xs, 40, net.CreateWorkspace(40)).ToArray();
        Assert.Equal(0, cli.Run("predict", "--model", model, "--input", x, "--output", cli.PathOf("y.csv")).Code);
        Assert.Equal(expected, ReadCsv(cli.PathOf("y.csv")));
        (int stdoutCode, string stdout, _) = cli.Run("predict", "--model", model, "--input", x);
        Assert.Equal(0, stdoutCode);
        Assert.Equal(expected, ParseCsv(stdout));

        // predict --weights bf16 writes what a bf16 predictor computes.
        var bf16 = new float[40 * net.OutputSize];
        new Predictor(net, WeightPrecision.BFloat16).Predict(xs, 40, bf16);
        (int bf16Code, string bf16Out, string bf16Error) = cli.Run("predict", "--model", model, "--input", x, "--weights", "bf16");
        Assert.True(bf16Code == 0, bf16Error);
        Assert.Equal(bf16, ParseCsv(bf16Out));
        Assert.NotEqual(expected, bf16); // the option took effect
        cli.AssertFails("weight precision 'int8'", "predict", "--model", model, "--input", x, "--weights", "int8");

        // grad writes the library's whole-batch gradient under the model's tensor names.
        Assert.Equal(0, cli.Run("grad", "--model", model, "--input", x, "--targets", t, "--loss", "mse", "--output", cli.PathOf("g.safetensors")).Code);
        net.ZeroGradients();
        net.ComputeGradients(xs, ts, 40, LossKind.MeanSquaredError, net.CreateWorkspace(40));
        SafeTensorsFile g = SafeTensors.Load(cli.PathOf("g.safetensors"));
        for (int l = 0; l < net.LayerCount; l++)
        {
            Assert.Equal(net.WeightGradients(l).ToArray(), g.Tensors[$"layers.{l}.weight"].Data);
            Assert.Equal(net.BiasGradients(l).ToArray(), g.Tensors[$"layers.{l}.bias"].Data);
        }
    }

    [Fact]
    public void TrainFullBatchSgd_FromAGivenModel_ReproducesTheLibraryExactly()
    {
        using var cli = new Simdbp();
        (string x, string t, float[] xs, float[] ts) = RegressionCsv(cli, samples: 30, inputs: 4, outputs: 3, seed: 2);
        var start = new Network(4, new LayerSpec(6, Activation.Sigmoid), new LayerSpec(5, Activation.ReLU), new LayerSpec(3, Activation.Identity));
        start.Initialize(WeightInit.GlorotNormal, 9);
        string init = cli.PathOf("init.safetensors"), trained = cli.PathOf("trained.safetensors");
        ModelFile.Save(start, init);
        (int code, _, string error) = cli.Run("train", "--init-model", init, "--input", x, "--targets", t, "--full-batch", "--optimizer", "sgd",
            "--lr", "0.05", "--no-shuffle", "--epochs", "7", "--loss", "mse", "--model-out", trained, "--plot", cli.PathOf("p.svg"));
        Assert.True(code == 0, error);

        var trainer = new Trainer(start, new SgdOptimizer(new SgdSettings(0.05f)), LossKind.MeanSquaredError, batchSize: 30);
        for (int epoch = 0; epoch < 7; epoch++)
        {
            trainer.TrainEpoch(xs, ts, 30, shuffle: false);
        }

        Assert.Equal(start.Parameters.ToArray(), ModelFile.Load(trained).Parameters.ToArray());
    }

    [Fact]
    public void Train_OnBuiltInDigits_ReachesAtLeast95PercentTestAccuracy()
    {
        using var cli = new Simdbp();
        (int code, string output, string error) = cli.Run("train", "--model-out", cli.PathOf("digits.safetensors"), "--plot", cli.PathOf("digits.svg"));
        Assert.True(code == 0, error);
        Match m = Regex.Match(output, @"^test accuracy: (\d+\.\d)%$", RegexOptions.Multiline);
        Assert.True(m.Success, output);
        double accuracy = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 95, $"test accuracy {accuracy}%");
        Assert.Contains("built-in digits (1438 train / 359 test)", output);
    }

    [Fact]
    public void GradCheck_PassesOnAFreshNetworkAndOnAModel()
    {
        using var cli = new Simdbp();
        (int code, string output, string error) = cli.Run("gradcheck", "--layers", "7,4,3", "--activation", "gelu", "--loss", "cross-entropy");
        Assert.True(code == 0, error + output);
        Assert.Contains("layers.2.bias", output);
        Assert.Contains("gradient check passed", output);
        string model = CliErrorTests.SaveModel(cli, inputs: 3, outputs: 2);
        Assert.Equal(0, cli.Run("gradcheck", "--model", model).Code);
    }

    [Fact]
    public void GradCheck_FailsWithNonZeroExitWhenTheToleranceIsUnreachable()
    {
        using var cli = new Simdbp();
        (int code, _, string error) = cli.Run("gradcheck", "--tolerance", "0");
        Assert.NotEqual(0, code);
        Assert.Contains("gradient check failed", error);
    }

    [Fact]
    public void Info_ReportsTheTierOfEveryLeg()
    {
        using var cli = new Simdbp();
        (int code, string output, _) = cli.Run("info");
        Assert.Equal(0, code);
        Assert.Contains("tier in use:", output);
        bool avx512 = System.Runtime.Intrinsics.X86.Avx512F.IsSupported;
        Assert.Matches($@"no SIMD\s*│[^│]*│[^│]*│\s*Scalar", output);
        Assert.Matches($@"SSE machine\s*│[^│]*│[^│]*│\s*Vector128", output);
        Assert.Matches($@"AVX2 machine\s*│[^│]*│[^│]*│\s*Vector256", output);
        if (avx512)
        {
            Assert.Matches($@"default\s*│[^│]*│[^│]*│\s*Vector512", output);
        }
    }

    [Fact]
    public void Bench_MeasuresEveryLegWithinItsBudget()
    {
        using var cli = new Simdbp();
        (int code, string output, string error) = cli.Run("bench", "--seconds", "5");
        Assert.True(code == 0, error);
        Assert.DoesNotContain("failed", output);
        Assert.Contains("Scalar", output);
        Assert.Contains("Vector128", output);
        cli.AssertFails("between 5 and 30", "bench", "--seconds", "31");
    }

    private static (string X, string T, float[] Xs, float[] Ts) RegressionCsv(Simdbp cli, int samples, int inputs, int outputs, int seed)
    {
        var random = new Random(seed);
        float[] xs = Data.Uniform(random, samples * inputs);
        var ts = new float[samples * outputs];
        for (int s = 0; s < samples; s++)
        {
            for (int j = 0; j < outputs; j++)
            {
                ts[(s * outputs) + j] = MathF.Sin(xs[s * inputs] * (j + 1)) + (0.5f * xs[(s * inputs) + (inputs - 1)]);
            }
        }

        return (cli.Write("x.csv", ToCsv(xs, inputs)), cli.Write("t.csv", ToCsv(ts, outputs)), xs, ts);
    }

    private static string ToCsv(float[] values, int columns) =>
        string.Join("\n", values.Chunk(columns).Select(row => string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))))) + "\n";

    private static float[] ReadCsv(string path) => ParseCsv(File.ReadAllText(path));

    private static float[] ParseCsv(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).SelectMany(l => l.Split(',')).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void Train_WithTwoThreads_SavesTheSameModelAsOne()
    {
        using var cli = new Simdbp();
        byte[] Train(string threads, string file)
        {
            (int code, _, string error) = cli.Run("train", "--epochs", "2", "--layers", "64,10", "--batch-size", "128", "--threads", threads,
                "--model-out", cli.PathOf(file), "--plot", cli.PathOf(file + ".svg"));
            Assert.True(code == 0, error);
            return File.ReadAllBytes(cli.PathOf(file));
        }

        Assert.Equal(Train("1", "one.safetensors"), Train("2", "two.safetensors"));
        cli.AssertFails("--threads must be between 1 and 64", "train", "--threads", "0");
    }
}
