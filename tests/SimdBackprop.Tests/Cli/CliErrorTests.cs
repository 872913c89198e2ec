namespace SimdBackprop.Tests.Cli;

/// <summary>Every user error is one clear line on stderr and a non-zero exit code, never a stack trace.</summary>
public class CliErrorTests
{
    [Fact]
    public void MalformedCacheOverride_IsOneClearLine()
    {
        (int code, string output) = SimdBackprop.Cli.SelfLauncher.Run(CacheSizes.OverrideVariable, "l1d=32K", TimeSpan.FromSeconds(60), "info");
        Assert.Equal(2, code);
        Assert.Contains("SIMDBACKPROP_CACHES is not valid", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void MissingFile()
    {
        using var cli = new Simdbp();
        cli.AssertFails("file not found", "train", "--input", cli.PathOf("nope.csv"), "--targets", cli.PathOf("t.csv"));
    }

    [Fact]
    public void EmptyCsv()
    {
        using var cli = new Simdbp();
        cli.AssertFails("empty", "train", "--input", cli.Write("x.csv", "\n\n"), "--targets", cli.Write("t.csv", "1\n"));
    }

    [Fact]
    public void RaggedCsv_NamesTheLine()
    {
        using var cli = new Simdbp();
        cli.AssertFails("line 2: 1 columns, but line 1 has 2", "train", "--input", cli.Write("x.csv", "1,2\n3\n"), "--targets", cli.Write("t.csv", "1\n0\n"));
    }

    [Fact]
    public void NonNumericCsv_NamesLineAndColumn()
    {
        using var cli = new Simdbp();
        cli.AssertFails("line 2, column 2: 'abc' is not a number", "train", "--input", cli.Write("x.csv", "1,2\n3,abc\n"), "--targets", cli.Write("t.csv", "1\n0\n"));
    }

    [Fact]
    public void NonFiniteCsv_NamesLineAndColumn()
    {
        using var cli = new Simdbp();
        cli.AssertFails("line 1, column 1: 'NaN' is not a finite number", "train", "--input", cli.Write("x.csv", "NaN,2\n"), "--targets", cli.Write("t.csv", "1\n"));
        cli.AssertFails("line 1, column 2: 'Infinity' is not a finite number", "train", "--input", cli.Write("y.csv", "1,Infinity\n"), "--targets", cli.Write("t.csv", "1\n"));
    }

    [Fact]
    public void RowCountsDisagree()
    {
        using var cli = new Simdbp();
        cli.AssertFails("has 2 rows but", "train", "--input", cli.Write("x.csv", "1,2\n3,4\n"), "--targets", cli.Write("t.csv", "1\n"));
    }

    [Fact]
    public void ModelAndDataSizesDisagree()
    {
        using var cli = new Simdbp();
        string model = SaveModel(cli, inputs: 3, outputs: 2);
        cli.AssertFails("expects 3 inputs", "predict", "--model", model, "--input", cli.Write("x.csv", "1,2\n"));
        cli.AssertFails("has 1 columns, but", "grad", "--model", model, "--input", cli.Write("x3.csv", "1,2,3\n"), "--targets", cli.Write("t.csv", "1\n"), "--loss", "mse", "--output", cli.PathOf("g.safetensors"));
        cli.AssertFails("maps 3 inputs to 2 outputs", "train", "--init-model", model, "--input", cli.Write("x2.csv", "1,2\n"), "--targets", cli.Write("t2.csv", "1,0\n"));
        cli.AssertFails("--layers ends with 5 outputs", "train", "--input", cli.PathOf("x2.csv"), "--targets", cli.PathOf("t2.csv"), "--layers", "4,5");
    }

    [Fact]
    public void UnknownOption()
    {
        using var cli = new Simdbp();
        cli.AssertFails("--frobnicate", "train", "--frobnicate");
    }

    [Fact]
    public void UnknownActivation_LossAndOptimizer()
    {
        using var cli = new Simdbp();
        string x = cli.Write("x.csv", "1,2\n"), t = cli.Write("t.csv", "1\n");
        cli.AssertFails("unknown activation 'swishy'", "train", "--input", x, "--targets", t, "--activation", "swishy");
        cli.AssertFails("unknown loss 'hinge'", "train", "--input", x, "--targets", t, "--loss", "hinge");
        cli.AssertFails("unknown optimizer 'lbfgs'", "train", "--input", x, "--targets", t, "--optimizer", "lbfgs");
        cli.AssertFails("--layers", "train", "--input", x, "--targets", t, "--layers", "4,x,1");
        cli.AssertFails("softmax goes with --loss cross-entropy", "train", "--input", x, "--targets", t, "--output-activation", "softmax", "--loss", "mse");
    }

    [Fact]
    public void CorruptModelFile()
    {
        using var cli = new Simdbp();
        string model = SaveModel(cli, inputs: 2, outputs: 1);
        byte[] bytes = File.ReadAllBytes(model);
        File.WriteAllBytes(cli.PathOf("truncated.safetensors"), bytes[..(bytes.Length / 2)]);
        cli.AssertFails("truncated.safetensors", "predict", "--model", cli.PathOf("truncated.safetensors"), "--input", cli.Write("x.csv", "1,2\n"));
        File.WriteAllBytes(cli.PathOf("garbage.safetensors"), [1, 2, 3]);
        cli.AssertFails("garbage.safetensors", "predict", "--model", cli.PathOf("garbage.safetensors"), "--input", cli.PathOf("x.csv"));
    }

    internal static string SaveModel(Simdbp cli, int inputs, int outputs)
    {
        var net = new Network(inputs, new LayerSpec(4, Activation.Tanh), new LayerSpec(outputs, Activation.Identity));
        net.Initialize(WeightInit.GlorotUniform, 1);
        string path = cli.PathOf($"model{inputs}x{outputs}.safetensors");
        ModelFile.Save(net, path);
        return path;
    }
}
