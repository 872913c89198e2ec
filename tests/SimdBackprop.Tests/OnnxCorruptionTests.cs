using FsCheck.Fluent;
using Google.Protobuf;
using SimdBackprop.Uses.Files.Onnx;
using SimdBackprop.Uses.Files.Onnx.Protocol;

namespace SimdBackprop.Tests;

/// <summary>
/// Broken and hostile ONNX files: each is refused with an <see cref="InvalidDataException"/> that says what is
/// wrong and where; nothing else escapes, nothing hangs, and nothing allocates far beyond the file's size.
/// </summary>
public class OnnxCorruptionTests
{
    private static readonly byte[] Valid = ValidModel().ToByteArray();

    public static TheoryData<string, string> Broken => new()
    {
        { "no graph", "no graph" },
        { "other opset", "Operator set 30" },
        { "no standard opset", "no standard ONNX operator set" },
        { "custom domain", "domain 'com.example'" },
        { "two inputs", "2 inputs" },
        { "integer input", "not a float tensor" },
        { "symbolic features", "fixed, positive number of features" },
        { "two outputs", "2 outputs" },
        { "unsupported op", "Conv" },
        { "dangling input", "reads 'ghost'" },
        { "cycle", "cycle" },
        { "value defined twice", "defined more than once" },
        { "external data", "external file" },
        { "double weights", "data type Double" },
        { "shape disagrees with data", "holds 72 bytes" },
        { "non-finite weight", "non-finite value" },
        { "weights do not chain", "takes 5 features, but 4 arrive" },
        { "computed weights", "must be a constant" },
        { "stray node", "not on the chain" },
        { "duplicate initializer", "appears twice" },
        { "two activations", "compute no activation SimdBackprop has" },
        { "transA", "transA = 1" },
        { "vector constant in an activation", "only scalars" },
        { "huge dims", "more elements than a tensor can hold" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void BrokenGraph_IsRefusedSayingWhat(string what, string expected)
    {
        ModelProto model = ValidModel();
        Break(model, what);
        var e = Assert.Throws<InvalidDataException>(() => OnnxFile.Load(new MemoryStream(model.ToByteArray())));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheUnbrokenModel_Loads()
    {
        Network network = OnnxFile.Load(new MemoryStream(Valid));
        Assert.Equal([Activation.ReLU, Activation.Identity], network.Layers.Select(l => l.Activation));
    }

    [Fact]
    public void NoOps_AndAConstantNodeBias_LoadAsTheSameNetwork()
    {
        // Identity and Dropout (with its opset-12 ratio input and an unused mask output) between the layers, Flatten
        // before the first, the second layer's bias from a Constant node: the same network as without them.
        ModelProto model = ValidModel();
        GraphProto g = model.Graph;
        NodeProto relu = g.Node[1], gemm1 = g.Node[2];
        g.Initializer.Add(new TensorProto { Name = "ratio", DataType = (int)TensorProto.Types.DataType.Float, FloatData = { 0.5f } });
        g.Node.Insert(2, new NodeProto { OpType = "Identity", Name = "id", Input = { relu.Output[0] }, Output = { "i" } });
        g.Node.Insert(3, new NodeProto { OpType = "Dropout", Name = "drop", Input = { "i", "ratio" }, Output = { "d", "mask" } });
        gemm1.Input[0] = "d";
        g.Node.Insert(0, new NodeProto { OpType = "Flatten", Name = "flat", Input = { "input" }, Output = { "f" } });
        g.Node[1].Input[0] = "f";
        TensorProto bias = g.Initializer.Single(i => i.Name == TensorNames.Bias(1));
        g.Initializer.Remove(bias);
        g.Node.Insert(0, new NodeProto
        {
            OpType = "Constant", Name = "bias1", Output = { bias.Name },
            Attribute = { new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = bias } },
        });

        Network expected = OnnxFile.Load(new MemoryStream(Valid));
        Network actual = OnnxFile.Load(new MemoryStream(model.ToByteArray()));
        Assert.Equal(expected.Layers, actual.Layers);
        Assert.Equal(expected.Parameters.ToArray(), actual.Parameters.ToArray());
    }

    [Fact]
    public void Truncated_AndNotProtobuf_AreInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => OnnxFile.Load(new MemoryStream(Valid[..(Valid.Length / 2)])));
        Assert.Throws<InvalidDataException>(() => OnnxFile.Load(new MemoryStream("not a model"u8.ToArray())));
        Assert.Throws<InvalidDataException>(() => OnnxFile.Load(new MemoryStream([])));
    }

    [Fact]
    public void Corruption_Property_OnlyInvalidDataException_BoundedMemory()
    {
        LoadIgnoringErrors(Valid); // JIT and statics warm before measuring
        var outcomes = new int[2];
        Properties.Check(
            Gen.Zip(Gen.Choose(0, 5), Properties.Seed),
            ((int Kind, int Seed) c) =>
            {
                byte[] bytes = Corrupt(c.Kind, c.Seed);
                bool loaded = Corruption.LoadsOrRefuses(
                    () => OnnxFile.Load(new MemoryStream(bytes)), (1 << 20) + (256L * bytes.Length), $"kind {c.Kind}, seed {c.Seed}, {bytes.Length}-byte file");
                outcomes[loaded ? 0 : 1]++;
            },
            maxTest: 600);
        Assert.True(outcomes[1] > 200, $"only {outcomes[1]} of the corruptions were rejected");
    }

    /// <summary>784-256-10 would make a slow property; 4 → 5 (ReLU) → 3 keeps each case small but complete.</summary>
    private static ModelProto ValidModel()
    {
        var network = new Network(4, new LayerSpec(5, Activation.ReLU), new LayerSpec(3, Activation.Identity));
        network.Initialize(WeightInit.GlorotUniform, 1);
        return OnnxExporter.Export(network);
    }

    private static void Break(ModelProto model, string what)
    {
        GraphProto g = model.Graph;
        NodeProto gemm0 = g.Node[0], relu = g.Node[1], gemm1 = g.Node[2];
        TensorProto w0 = g.Initializer[0];
        switch (what)
        {
            case "no graph": model.Graph = null; break;
            case "other opset": model.OpsetImport[0].Version = 30; break;
            case "no standard opset": model.OpsetImport[0].Domain = "com.example"; break;
            case "custom domain": relu.Domain = "com.example"; break;
            case "two inputs": g.Input.Add(g.Input[0].Clone()); g.Input[1].Name = "second"; break;
            case "integer input": g.Input[0].Type.TensorType.ElemType = 7; break;
            case "symbolic features": g.Input[0].Type.TensorType.Shape.Dim[1].DimParam = "features"; break;
            case "two outputs": g.Output.Add(g.Output[0].Clone()); break;
            case "unsupported op": relu.OpType = "Conv"; break;
            case "dangling input": relu.Input[0] = "ghost"; break;
            case "cycle": relu.Input[0] = gemm1.Output[0]; gemm1.Input[0] = relu.Output[0]; break;
            case "value defined twice": gemm1.Output[0] = relu.Output[0]; break;
            case "external data": w0.DataLocation = TensorProto.Types.DataLocation.External; break;
            case "double weights": w0.DataType = (int)TensorProto.Types.DataType.Double; break;
            case "shape disagrees with data": w0.Dims[1] = 3; w0.RawData = ByteString.CopyFrom(new byte[72]); break;
            case "non-finite weight": w0.RawData = ByteString.CopyFrom([.. w0.RawData.Take(76), 0, 0, 0xC0, 0x7F]); break;
            case "weights do not chain": w0.Dims[1] = 5; w0.Dims[0] = 4; break;
            case "computed weights": gemm1.Input[1] = relu.Output[0]; break;
            case "stray node":
                g.Node.Add(new NodeProto { OpType = "Relu", Name = "stray", Input = { TensorNames.Bias(0) }, Output = { "unused" } });
                break;
            case "duplicate initializer": g.Initializer.Add(w0.Clone()); break;
            case "two activations": // relu then tanh: one value leaves the pair, and tanh(relu(u)) is no activation of ours
                g.Node.Insert(2, new NodeProto { OpType = "Tanh", Name = "extra", Input = { relu.Output[0] }, Output = { "t" } });
                gemm1.Input[0] = "t";
                break;
            case "transA": gemm0.Attribute.Add(new AttributeProto { Name = "transA", Type = AttributeProto.Types.AttributeType.Int, I = 1 }); break;
            case "vector constant in an activation":
                relu.OpType = "Mul";
                relu.Input.Add(TensorNames.Bias(0));
                break;
            case "huge dims": w0.Dims[0] = 1L << 40; break;
            default: throw new ArgumentException(what);
        }
    }

    private static byte[] Corrupt(int kind, int seed)
    {
        var random = new Random(seed);
        byte[] bytes = (byte[])Valid.Clone();
        switch (kind)
        {
            case 0: // flip a few bytes anywhere
                for (int i = random.Next(1, 4); i > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                }

                return bytes;
            case 1: // cut the file short
                return bytes[..random.Next(bytes.Length)];
            case 2: // a huge varint where a length or number stood
            {
                int at = random.Next(bytes.Length - 5);
                bytes[at] = 0xFF;
                bytes[at + 1] = 0xFF;
                bytes[at + 2] = 0xFF;
                bytes[at + 3] = 0xFF;
                bytes[at + 4] = 0x07;
                return bytes;
            }

            case 3: // repeat or drop a slice
            {
                int at = random.Next(bytes.Length), length = random.Next(1, Math.Min(64, bytes.Length - at + 1));
                return random.Next(2) == 0 ? [.. bytes[..(at + length)], .. bytes[at..]] : [.. bytes[..at], .. bytes[(at + length)..]];
            }

            case 4: // a structural change through the message: a random field of a random node or tensor
            {
                ModelProto model = ModelProto.Parser.ParseFrom(bytes);
                GraphProto g = model.Graph;
                NodeProto node = g.Node[random.Next(g.Node.Count)];
                string[] ops = ["Gemm", "MatMul", "Add", "Relu", "Softmax", "Constant", "Dropout", "Flatten", "Identity", "Erf", "Pow", ""];
                switch (random.Next(5))
                {
                    case 0: node.OpType = ops[random.Next(ops.Length)]; break;
                    case 1: node.Input.Clear(); break;
                    case 2: node.Output.Add("extra"); break;
                    case 3: g.Initializer[random.Next(g.Initializer.Count)].Dims.Add(random.Next(0, 3)); break;
                    default: g.Initializer[random.Next(g.Initializer.Count)].DataType = random.Next(0, 20); break;
                }

                return model.ToByteArray();
            }

            default: // another valid-looking tag in the middle
            {
                int at = random.Next(bytes.Length);
                byte[] tag = [(byte)random.Next(256), (byte)random.Next(256)];
                return [.. bytes[..at], .. tag, .. bytes[at..]];
            }
        }
    }

    private static void LoadIgnoringErrors(byte[] bytes)
    {
        try
        {
            OnnxFile.Load(new MemoryStream(bytes));
        }
        catch (InvalidDataException)
        {
        }
    }
}
