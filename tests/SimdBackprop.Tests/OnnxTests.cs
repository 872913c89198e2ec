using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SimdBackprop.Tests;

/// <summary>
/// ONNX in and out. In: files written by PyTorch 1.13's own exporter (tests/fixtures/make_onnx_fixtures.py)
/// load and give PyTorch's outputs. Out: ONNX Runtime runs our files and gives our outputs. Both within 1e−5
/// of the output's scale, at every tier.
/// </summary>
public class OnnxTests
{
    public static TheoryData<string> LoadableFixtures => [.. Fixtures().Where(f => Expect(f) == "load")];

    public static TheoryData<string> RefusedFixtures => [.. Fixtures().Where(f => Expect(f) != "load")];

    /// <summary>Every activation an ONNX file can carry.</summary>
    public static TheoryData<string> ExportableActivations =>
        ["identity", "relu", "leaky_relu:0.1", "sigmoid", "tanh", "softplus", "silu", "gelu", "gelu_tanh", "softmax"];

    [Theory]
    [MemberData(nameof(LoadableFixtures))]
    public void PyTorchExport_LoadsWithItsActivations_AndGivesPyTorchsOutputs(string name)
    {
        Network network = ModelFile.Load(ParityFixtures.PathOf(name + ".onnx"));
        SafeTensorsFile io = SafeTensors.Load(ParityFixtures.PathOf(name + ".io.safetensors"));
        Activation[] expected = [.. io.Metadata["activations"].Split(',').Select(ActivationNames.Parse)];
        Assert.Equal(expected, network.Layers.Select(l => l.Activation));

        FloatTensor x = io.Tensors["input"], y = io.Tensors["output"];
        int batch = x.Shape[0];
        Assert.Equal(x.Shape[1], network.InputSize);
        Assert.Equal(y.Shape[1], network.OutputSize);
        Tiers.ForEach(tier =>
        {
            float[] ours = network.Forward(x.Data, batch, network.CreateWorkspace(batch)).ToArray();
            AssertWithinScale(y.Data, ours, $"{name} at {tier}");
        });
    }

    [Theory]
    [MemberData(nameof(RefusedFixtures))]
    public void PyTorchExport_OfAnUnsupportedForm_IsRefusedSayingWhy(string name)
    {
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(ParityFixtures.PathOf(name + ".onnx")));
        Assert.Contains(Expect(name), e.Message);
        Assert.Contains(name + ".onnx", e.Message);
    }

    [Theory]
    [MemberData(nameof(ExportableActivations))]
    public void Export_RunsInOnnxRuntime_WithOurOutputs(string activationName)
    {
        Activation activation = ActivationNames.Parse(activationName);
        var random = new Random(activationName.Length * 31);
        var network = new Network(7, new LayerSpec(9, activation), new LayerSpec(6, activation), new LayerSpec(4, activation));
        network.Initialize(WeightInit.GlorotUniform, seed: activationName.Length);
        for (int l = 0; l < network.LayerCount; l++)
        {
            Data.Uniform(random, network.Bias(l).Length).CopyTo(network.Bias(l));
        }

        using var file = new MemoryStream();
        OnnxFile.Save(network, file);
        using var options = new SessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(file.ToArray(), options);
        Assert.Equal(["input"], session.InputNames);
        Assert.Equal(["output"], session.OutputNames);
        foreach (int batch in new[] { 1, 13 })
        {
            float[] x = Data.Uniform(random, batch * 7, scale: 3);
            using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results =
                session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(x, [batch, 7]))]);
            float[] theirs = results.Single().AsTensor<float>().ToArray();
            float[] ours = network.Forward(x, batch, network.CreateWorkspace(batch)).ToArray();
            AssertWithinScale(theirs, ours, $"{activationName}, batch {batch}");
        }
    }

    [Theory]
    [MemberData(nameof(ExportableActivations))]
    public void ExportThenImport_IsBitExact(string activationName)
    {
        var network = new Network(5, new LayerSpec(8, ActivationNames.Parse(activationName)), new LayerSpec(3, Activation.Identity));
        network.Initialize(WeightInit.HeNormal, seed: 4);
        network.Bias(0)[3] = -0.125f;
        using var file = new MemoryStream();
        OnnxFile.Save(network, file);
        Network back = OnnxFile.Load(new MemoryStream(file.ToArray()));
        AssertSameNetwork(network, back);
    }

    [Theory]
    [MemberData(nameof(LoadableFixtures))]
    public void PyTorchExport_ImportExportImport_KeepsEveryWeightBit(string name)
    {
        Network first = ModelFile.Load(ParityFixtures.PathOf(name + ".onnx"));
        string path = Path.Combine(Path.GetTempPath(), $"simdbp-{Guid.NewGuid():N}.onnx");
        try
        {
            ModelFile.Save(first, path);
            AssertSameNetwork(first, ModelFile.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Export_OfTheThresholdStep_IsNotSupported()
    {
        var network = new Network(2, new LayerSpec(2, Activation.Threshold));
        Assert.Throws<NotSupportedException>(() => OnnxFile.Save(network, new MemoryStream()));
    }

    private static void AssertSameNetwork(Network expected, Network actual)
    {
        Assert.Equal(expected.InputSize, actual.InputSize);
        Assert.Equal(expected.Layers, actual.Layers);
        for (int l = 0; l < expected.LayerCount; l++)
        {
            Assert.Equal(Bits(expected.Weights(l)), Bits(actual.Weights(l)));
            Assert.Equal(Bits(expected.Bias(l)), Bits(actual.Bias(l)));
        }

        static int[] Bits(Span<float> values) => [.. values.ToArray().Select(BitConverter.SingleToInt32Bits)];
    }

    /// <summary>|ours − expected| ≤ 1e−5 · max |expected| (the output's scale) for every element.</summary>
    private static void AssertWithinScale(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(expected.Max(Math.Abs), 1e-6f);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)actual[i] - expected[i]);
            Assert.True(error <= 1e-5 * scale, $"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R} (scale {scale:G4})");
        }
    }

    private static IEnumerable<string> Fixtures() =>
        Directory.EnumerateFiles(ParityFixtures.Directory, "onnx_*.onnx").Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal);

    private static string Expect(string name) => SafeTensors.Load(ParityFixtures.PathOf(name + ".io.safetensors")).Metadata["expect"];
}
