using FsCheck;
using FsCheck.Fluent;
using SimdBackprop.Validation;

namespace SimdBackprop.Tests;

/// <summary>Model files and named tensors: bit-exact round trips, names, PyTorch files.</summary>
public sealed class SafeTensorsTests
{
    private static readonly Activation[] AllActivations =
    [
        Activation.Identity, Activation.Threshold, Activation.Sigmoid, Activation.Tanh, Activation.ReLU,
        Activation.LeakyReLU(0.1f), Activation.LeakyReLU(-0.3f), Activation.LeakyReLU(1e-30f), Activation.LeakyReLU(-0f),
        Activation.LeakyReLU(float.Epsilon), Activation.LeakyReLU(0.01f), Activation.LeakyReLU(1f / 3),
        Activation.Softplus, Activation.SiLU, Activation.Gelu, Activation.GeluTanh,
    ];

    /// <summary>Finite floats of every kind: ±0, subnormals, extremes, ordinary values, random bit patterns.</summary>
    private static float AnyFinite(Random random)
    {
        switch (random.Next(8))
        {
            case 0: return -0f;
            case 1: return float.Epsilon * random.Next(1, 1000) * (random.Next(2) == 0 ? 1 : -1);
            case 2: return random.Next(2) == 0 ? float.MaxValue : float.MinValue;
            case 3: return (float)((random.NextDouble() * 2) - 1);
            default:
                float v;
                do
                {
                    v = BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next(2) << 31));
                }
                while (!float.IsFinite(v));
                return v;
        }
    }

    private static Network RandomNetwork(int seed, int depth)
    {
        var random = new Random(seed);
        var layers = new LayerSpec[depth];
        for (int l = 0; l < depth; l++)
        {
            layers[l] = new LayerSpec(random.Next(1, 7), AllActivations[random.Next(AllActivations.Length)]);
        }

        var network = new Network(random.Next(1, 7), layers);
        Span<float> p = network.Parameters;
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = AnyFinite(random);
        }

        return network;
    }

    private static void AssertBitExact(Network expected, Network actual)
    {
        Assert.Equal(expected.InputSize, actual.InputSize);
        Assert.Equal(expected.LayerCount, actual.LayerCount);
        for (int l = 0; l < expected.LayerCount; l++)
        {
            Assert.Equal(expected.Layers[l].Size, actual.Layers[l].Size);
            Assert.Equal(expected.Layers[l].Activation.Kind, actual.Layers[l].Activation.Kind);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected.Layers[l].Activation.Slope), BitConverter.SingleToInt32Bits(actual.Layers[l].Activation.Slope));
        }

        Assert.Equal(
            expected.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits),
            actual.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    private static Network RoundTrip(Network network)
    {
        using var stream = new MemoryStream();
        ModelFile.Save(network, stream);
        stream.Position = 0;
        return ModelFile.Load(stream);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void SafeTensors_RoundTrip_EveryActivation_BitExact(int depth)
    {
        foreach (Activation activation in AllActivations)
        {
            var layers = Enumerable.Range(0, depth).Select(l => new LayerSpec(l + 2, l == depth - 1 ? activation : AllActivations[(l * 5) % AllActivations.Length])).ToArray();
            var network = new Network(3, layers);
            network.Initialize(WeightInit.HeNormal, depth);
            network.Bias(0).Fill(-0f);
            network.Weights(depth - 1)[0] = float.Epsilon;
            network.Weights(depth - 1)[1] = float.MaxValue;
            AssertBitExact(network, RoundTrip(network));
        }
    }

    [Fact]
    public void SafeTensors_RoundTrip_RandomNetworks_BitExact() =>
        Properties.Check(
            Gen.Zip(Properties.Seed, Gen.Choose(1, 4)),
            ((int Seed, int Depth) c) =>
            {
                Network network = RandomNetwork(c.Seed, c.Depth);
                AssertBitExact(network, RoundTrip(network));
            },
            maxTest: 60);

    [Fact]
    public void SafeTensors_RoundTrip_FilePath()
    {
        Network network = RandomNetwork(7, 3);
        string path = Path.Combine(Path.GetTempPath(), $"simdbackprop-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelFile.Save(network, path);
            AssertBitExact(network, ModelFile.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SafeTensors_Save_WritesTheDocumentedLayout()
    {
        var network = new Network(3, new LayerSpec(2, Activation.LeakyReLU(0.25f)), new LayerSpec(1, Activation.Gelu));
        using var stream = new MemoryStream();
        ModelFile.Save(network, stream);
        byte[] bytes = stream.ToArray();
        long headerLength = BitConverter.ToInt64(bytes, 0);
        Assert.Equal(0, headerLength % 8);
        string header = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.Contains("\"format\":\"simdbackprop\"", header);
        Assert.Contains("\"activations\":\"leaky_relu:0.25,gelu\"", header);
        Assert.Contains("\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}", header);
        Assert.Contains("\"layers.1.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[40,44]}", header);
        Assert.Equal(8 + headerLength + (4 * network.ParameterCount), bytes.Length);

        SafeTensorsFile file = SafeTensors.Load(new MemoryStream(bytes));
        Assert.Equal(["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"], file.Names);
    }

    [Fact]
    public void SafeTensors_NamedTensors_RoundTrip_ScalarEmptyAndNonSeekable()
    {
        var tensors = new List<KeyValuePair<string, FloatTensor>>
        {
            new("scalar", new FloatTensor([], [float.NaN])),
            new("empty", new FloatTensor([0, 3], [])),
            new("matrix", new FloatTensor([2, 2], [1, -0f, float.PositiveInfinity, float.Epsilon])),
        };
        var metadata = new Dictionary<string, string> { ["note"] = "ünïcode \"quoted\" + <tags>" };
        using var stream = new MemoryStream();
        SafeTensors.Save(tensors, stream, metadata);

        SafeTensorsFile file = SafeTensors.Load(new NonSeekableStream(stream.ToArray()));
        Assert.Equal(metadata, file.Metadata);
        Assert.Equal(3, file.Tensors.Count);
        foreach ((string name, FloatTensor tensor) in tensors)
        {
            Assert.Equal(tensor.Shape, file.Tensors[name].Shape);
            Assert.Equal(tensor.Data.Select(BitConverter.SingleToInt32Bits), file.Tensors[name].Data.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void SafeTensors_Write_RejectsBadNames()
    {
        var t = new FloatTensor([1], [1f]);
        Assert.Throws<ArgumentException>(() => SafeTensors.Save([new("a", t), new("a", t)], new MemoryStream()));
        Assert.Throws<ArgumentException>(() => SafeTensors.Save([new("__metadata__", t)], new MemoryStream()));
        Assert.Throws<ArgumentException>(() => SafeTensors.Save([new("", t)], new MemoryStream()));
        Assert.Throws<ArgumentException>(() => new FloatTensor([2, 2], [1f]));
        Assert.Throws<ArgumentException>(() => new FloatTensor([-1], []));
        Assert.Throws<ArgumentException>(() => SafeTensors.Save([new("a", t)], new MemoryStream(), new Dictionary<string, string> { ["k"] = null! }));
    }

    [Fact]
    public void SafeTensors_SaveGradients_UsesModelNames()
    {
        Network network = RandomNetwork(3, 2);
        network.Gradients.Fill(0.5f);
        using var stream = new MemoryStream();
        ModelFile.SaveGradients(network, stream);
        stream.Position = 0;
        SafeTensorsFile file = SafeTensors.Load(stream);
        Assert.Equal([TensorNames.Weight(0), TensorNames.Bias(0), TensorNames.Weight(1), TensorNames.Bias(1)], file.Names);
        Assert.All(file.Tensors.Values, t => Assert.All(t.Data, v => Assert.Equal(0.5f, v)));
        Assert.Equal(ModelFile.Format, file.Metadata["format"]);
    }

    [Fact]
    public void SafeTensors_ActivationNames_RoundTripAndParse()
    {
        foreach (Activation a in AllActivations)
        {
            Activation back = ActivationNames.Parse(ActivationNames.Name(a));
            Assert.Equal(a.Kind, back.Kind);
            Assert.Equal(BitConverter.SingleToInt32Bits(a.Slope), BitConverter.SingleToInt32Bits(back.Slope));
        }

        Assert.Equal("leaky_relu:0.1", ActivationNames.Name(Activation.LeakyReLU(0.1f)));
        Assert.Equal(Activation.LeakyReLU(0.01f), ActivationNames.Parse(" Leaky_ReLU "));
        Assert.Equal(Activation.LeakyReLU(0.2f), ActivationNames.Parse("leaky_relu: 0.2"));
        Assert.Equal(Activation.Gelu, ActivationNames.Parse("GELU"));
        Assert.Equal(Activation.GeluTanh, ActivationNames.Parse("gelu_tanh"));
        Assert.Equal("gelu_tanh", ActivationNames.Name(Activation.GeluTanh));
        foreach (string bad in new[] { "", "swish", "relu:1", "leaky_relu:", "leaky_relu:nan", "leaky_relu:1e99", "leaky_relu:x" })
        {
            Assert.Throws<FormatException>(() => ActivationNames.Parse(bad));
        }
    }

    [Fact]
    public void SafeTensors_LoadPyTorchSequential_MatchesTorchForward()
    {
        var fixture = new ParityFixtures.Case("d3_relu_leaky_identity_ce");
        Network network = ModelFile.LoadPyTorchSequential(ParityFixtures.PathOf("d3_relu_leaky_identity_ce.sequential.safetensors"), fixture.Activations);
        Assert.Equal(3, network.LayerCount);
        AssertParametersEqual(fixture.InitialNetwork(), network);
        AssertForwardMatchesTorch(fixture, network);

        // The same state dict with the wrong number of activations: a clear error, not a half-built network.
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.LoadPyTorchSequential(
            ParityFixtures.PathOf("d3_relu_leaky_identity_ce.sequential.safetensors"), [Activation.ReLU, Activation.Identity]));
        Assert.Contains("3 linear layers (module indices 0, 2, 4) but 2 activations", e.Message);
    }

    [Fact]
    public void SafeTensors_Load_ModelWrittenByPython()
    {
        var fixture = new ParityFixtures.Case("d3_relu_leaky_identity_ce");
        Network network = ModelFile.Load(ParityFixtures.PathOf("d3_relu_leaky_identity_ce.model.safetensors"));
        Assert.Equal(fixture.Activations, network.Layers.Select(l => l.Activation));
        AssertParametersEqual(fixture.InitialNetwork(), network);
        AssertForwardMatchesTorch(fixture, network);
    }

    private static void AssertParametersEqual(Network expected, Network actual)
    {
        Assert.Equal(expected.InputSize, actual.InputSize);
        Assert.Equal(expected.Layers.Select(l => l.Size), actual.Layers.Select(l => l.Size));
        Assert.Equal(expected.Parameters.ToArray(), actual.Parameters.ToArray());
    }

    private static void AssertForwardMatchesTorch(ParityFixtures.Case fixture, Network network)
    {
        ReadOnlySpan<float> y = network.Forward(fixture.Input, fixture.Samples, network.CreateWorkspace(fixture.Samples));
        double[] expected = fixture.Tensor("output").Data.ToDouble();
        Tolerance.WithinTensorScale(y, expected, expected, 1e-5, 1e-7, "output");
    }
}

/// <summary>A read-only stream that cannot seek (like a pipe or a network stream).</summary>
internal sealed class NonSeekableStream(byte[] bytes) : Stream
{
    private readonly MemoryStream inner = new(bytes);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
