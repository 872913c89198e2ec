using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;
using SimdBackprop.Uses.Files.Onnx.Protocol;

namespace SimdBackprop.Uses.Files.Onnx;

/// <summary>
/// Writes a <see cref="Network"/> as an ONNX model at <see cref="OnnxFile.Opset"/>: per layer one <c>Gemm</c>
/// (weights as stored, [out, in], with transB = 1; bias [out]) and its activation as the standard operator
/// where opset 17 has one, else the subgraph PyTorch's exporter writes (SiLU: Sigmoid then Mul; GELU:
/// Div, Erf, Add, Mul, Mul; its tanh form: x·½·(1 + tanh(√(2/π)·(x + 0.044715·x³))) with Pow and Tanh). Parameters are initializers named as in
/// model files (<see cref="TensorNames"/>).
/// </summary>
internal static class OnnxExporter
{
    public static ModelProto Export(Network network)
    {
        var graph = new GraphProto { Name = "simdbackprop" };
        graph.Input.Add(Value("input", network.InputSize));
        graph.Output.Add(Value("output", network.OutputSize));
        var scalars = new Dictionary<float, string>();
        string x = "input";
        for (int l = 0; l < network.LayerCount; l++)
        {
            int outSize = network.Layers[l].Size, inSize = network.LayerInputSize(l);
            string w = TensorNames.Weight(l), b = TensorNames.Bias(l);
            graph.Initializer.Add(Tensor(w, [outSize, inSize], network.Weights(l)));
            graph.Initializer.Add(Tensor(b, [outSize], network.Bias(l)));
            bool last = l == network.LayerCount - 1;
            Activation activation = network.Layers[l].Activation;
            string u = last && activation.Kind == ActivationKind.Identity ? "output" : Name(l, "u");
            graph.Node.Add(Node("Gemm", Name(l, "gemm"), [x, w, b], u, new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
            x = ActivationNodes(graph, scalars, l, activation, u, last ? "output" : Name(l, "o"));
        }

        var model = new ModelProto
        {
            IrVersion = OnnxFile.IrVersion,
            ProducerName = "SimdBackprop",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxFile.Opset });
        return model;
    }

    /// <summary>The nodes of σ from u to o; returns o (u itself for the identity).</summary>
    private static string ActivationNodes(GraphProto graph, Dictionary<float, string> scalars, int layer, Activation activation, string u, string o)
    {
        string Scalar(float value)
        {
            if (!scalars.TryGetValue(value, out string? name))
            {
                scalars[value] = name = string.Create(CultureInfo.InvariantCulture, $"constant.{value:R}");
                graph.Initializer.Add(Tensor(name, [], [value]));
            }

            return name;
        }

        void Add(string op, string suffix, string[] inputs, string output, params AttributeProto[] attributes) =>
            graph.Node.Add(Node(op, Name(layer, suffix), inputs, output, attributes));

        switch (activation.Kind)
        {
            case ActivationKind.Identity:
                return u;
            case ActivationKind.ReLU:
                Add("Relu", "relu", [u], o);
                break;
            case ActivationKind.Sigmoid:
                Add("Sigmoid", "sigmoid", [u], o);
                break;
            case ActivationKind.Tanh:
                Add("Tanh", "tanh", [u], o);
                break;
            case ActivationKind.Softplus:
                Add("Softplus", "softplus", [u], o);
                break;
            case ActivationKind.Softmax:
                Add("Softmax", "softmax", [u], o, new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
                break;
            case ActivationKind.LeakyReLU:
                Add("LeakyRelu", "leaky_relu", [u], o, new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = activation.Slope });
                break;
            case ActivationKind.SiLU:
                Add("Sigmoid", "silu.sigmoid", [u], Name(layer, "silu.s"));
                Add("Mul", "silu.mul", [u, Name(layer, "silu.s")], o);
                break;
            case ActivationKind.Gelu:
                // ½·u·(1 + erf(u/√2)), as PyTorch writes it below opset 20
                Add("Div", "gelu.div", [u, Scalar((float)Math.Sqrt(2))], Name(layer, "gelu.d"));
                Add("Erf", "gelu.erf", [Name(layer, "gelu.d")], Name(layer, "gelu.e"));
                Add("Add", "gelu.one", [Name(layer, "gelu.e"), Scalar(1f)], Name(layer, "gelu.p"));
                Add("Mul", "gelu.times", [u, Name(layer, "gelu.p")], Name(layer, "gelu.q"));
                Add("Mul", "gelu.half", [Name(layer, "gelu.q"), Scalar(0.5f)], o);
                break;
            case ActivationKind.GeluTanh:
                // ½·u·(1 + tanh(√(2/π)·(u + 0.044715·u³)))
                Add("Pow", "gelu.pow", [u, Scalar(3f)], Name(layer, "gelu.cube"));
                Add("Mul", "gelu.kappa", [Name(layer, "gelu.cube"), Scalar(0.044715f)], Name(layer, "gelu.k"));
                Add("Add", "gelu.inner", [u, Name(layer, "gelu.k")], Name(layer, "gelu.i"));
                Add("Mul", "gelu.beta", [Name(layer, "gelu.i"), Scalar((float)Math.Sqrt(2 / Math.PI))], Name(layer, "gelu.b"));
                Add("Tanh", "gelu.tanh", [Name(layer, "gelu.b")], Name(layer, "gelu.t"));
                Add("Add", "gelu.one", [Name(layer, "gelu.t"), Scalar(1f)], Name(layer, "gelu.p"));
                Add("Mul", "gelu.times", [u, Name(layer, "gelu.p")], Name(layer, "gelu.q"));
                Add("Mul", "gelu.half", [Name(layer, "gelu.q"), Scalar(0.5f)], o);
                break;
            default:
                throw new NotSupportedException($"Layer {layer}'s activation {activation} has no ONNX form (a NaN-preserving Heaviside step is not a standard operator).");
        }

        return o;
    }

    private static string Name(int layer, string what) => string.Create(CultureInfo.InvariantCulture, $"layers.{layer}.{what}");

    private static NodeProto Node(string op, string name, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(output);
        node.Attribute.Add(attributes);
        return node;
    }

    /// <summary>A float tensor [batch, features] with a symbolic batch.</summary>
    private static ValueInfoProto Value(string name, int features)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = features });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    /// <summary>A FLOAT initializer with its values as little-endian raw data.</summary>
    private static TensorProto Tensor(string name, long[] dims, ReadOnlySpan<float> values)
    {
        byte[] raw = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.Add(dims);
        return tensor;
    }
}
