using System.Buffers.Binary;
using SimdBackprop.Uses.Files.Onnx.Protocol;

namespace SimdBackprop.Uses.Files.Onnx;

/// <summary>
/// Turns an ONNX graph into a <see cref="Network"/>. The graph must be a chain from its one input
/// [batch, features] to its one output: linear layers (<c>Gemm</c>, or <c>MatMul</c> optionally followed by
/// <c>Add</c>), each followed by at most one activation, with no-ops (<c>Identity</c>, <c>Dropout</c>,
/// <c>Flatten</c> on [batch, features]) anywhere. An activation is either one node or a subgraph of element-wise
/// nodes (the exporter writes GELU as Div/Erf/Add/Mul/Mul and SiLU as Sigmoid then Mul where the opset has no
/// such operator); a subgraph is recognised by evaluating it in double precision at probe points and
/// comparing it with every activation the library has, so any correct spelling of a supported activation loads
/// and anything else is refused, never approximated.
/// </summary>
internal static class OnnxImporter
{
    /// <summary>The operators a graph may use.</summary>
    public const string SupportedOperators =
        "Gemm, MatMul, Add (bias), Relu, LeakyRelu, Sigmoid, Tanh, Softplus, Softmax (axis 1), Identity, Dropout, Flatten, Constant, "
        + "and the element-wise Add, Sub, Mul, Div, Pow, Erf, Exp, Log, Sqrt, Neg, Abs, Cast that spell an activation";

    private const int MinOpset = 7;
    private const int MaxOpset = 21;

    private static readonly HashSet<string> NoOps = ["Identity", "Dropout", "Flatten"];

    public static Network Import(ModelProto model)
    {
        GraphProto graph = model.Graph ?? throw new InvalidDataException("The model has no graph.");
        CheckOpset(model);
        var constants = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (TensorProto tensor in graph.Initializer)
        {
            if (!constants.TryAdd(tensor.Name, tensor))
            {
                throw new InvalidDataException($"Initializer '{tensor.Name}' appears twice.");
            }
        }

        var nodes = new List<NodeProto>();
        foreach (NodeProto node in graph.Node)
        {
            if (node.Domain is not ("" or "ai.onnx"))
            {
                throw new InvalidDataException($"Node '{node.Name}' ({node.OpType}) is in domain '{node.Domain}'; only the standard ONNX domain is supported.");
            }

            if (node.OpType == "Constant")
            {
                AddConstant(node, constants);
            }
            else
            {
                nodes.Add(node);
            }
        }

        (string input, int features) = TheInput(graph, constants);
        string output = graph.Output.Count == 1
            ? graph.Output[0].Name
            : throw new InvalidDataException($"The graph has {graph.Output.Count} outputs; a network has one.");
        var graphView = new GraphView(nodes, constants, input);
        return Walk(graphView, input, features, output);
    }

    private static void CheckOpset(ModelProto model)
    {
        OperatorSetIdProto? standard = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx");
        if (standard is null)
        {
            throw new InvalidDataException("The model imports no standard ONNX operator set.");
        }

        if (standard.Version < MinOpset || standard.Version > MaxOpset)
        {
            throw new InvalidDataException($"Operator set {standard.Version} is not supported (opsets {MinOpset}–{MaxOpset} are).");
        }
    }

    private static void AddConstant(NodeProto node, Dictionary<string, TensorProto> constants)
    {
        if (node.Output.Count != 1)
        {
            throw new InvalidDataException($"Constant node '{node.Name}' has {node.Output.Count} outputs.");
        }

        TensorProto? value = null;
        foreach (AttributeProto attribute in node.Attribute)
        {
            value = attribute.Name switch
            {
                "value" when attribute.T is not null => attribute.T,
                "value_float" when attribute.HasF => new TensorProto { DataType = (int)TensorProto.Types.DataType.Float, FloatData = { attribute.F } },
                "value_floats" => new TensorProto { DataType = (int)TensorProto.Types.DataType.Float, Dims = { attribute.Floats.Count }, FloatData = { attribute.Floats } },
                _ => throw new InvalidDataException($"Constant node '{node.Name}' has attribute '{attribute.Name}'; only a float value is supported."),
            };
        }

        if (value is null)
        {
            throw new InvalidDataException($"Constant node '{node.Name}' has no value.");
        }

        if (!constants.TryAdd(node.Output[0], value))
        {
            throw new InvalidDataException($"Value '{node.Output[0]}' of constant node '{node.Name}' is defined twice.");
        }
    }

    /// <summary>The one graph input that is not an initializer: float, [batch, features] with features fixed.</summary>
    private static (string Name, int Features) TheInput(GraphProto graph, Dictionary<string, TensorProto> constants)
    {
        ValueInfoProto[] inputs = [.. graph.Input.Where(i => !constants.ContainsKey(i.Name))];
        if (inputs.Length != 1)
        {
            throw new InvalidDataException($"The graph has {inputs.Length} inputs besides its initializers; a network has one, [batch, features].");
        }

        ValueInfoProto input = inputs[0];
        TypeProto.Types.Tensor? type = input.Type?.TensorType;
        if (type is null || type.ElemType != (int)TensorProto.Types.DataType.Float)
        {
            throw new InvalidDataException($"Input '{input.Name}' is not a float tensor.");
        }

        if (type.Shape is not { Dim.Count: 2 } shape || shape.Dim[1].ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue
            || shape.Dim[1].DimValue <= 0 || shape.Dim[1].DimValue > int.MaxValue)
        {
            throw new InvalidDataException($"Input '{input.Name}' must have shape [batch, features] with a fixed, positive number of features.");
        }

        return (input.Name, (int)shape.Dim[1].DimValue);
    }

    /// <summary>Follows the chain from the input to the output, layer by layer.</summary>
    private static Network Walk(GraphView graph, string input, int features, string output)
    {
        var layers = new List<(float[] Weights, float[] Bias, int Out, Activation Activation, bool Activated)>();
        string value = input;
        int width = features;
        while (true)
        {
            List<NodeProto> consumers = graph.ConsumersOf(value);
            if (consumers.Count == 0)
            {
                if (value != output)
                {
                    throw new InvalidDataException($"Value '{value}' leads nowhere: the graph's output is '{output}'.");
                }

                break;
            }

            NodeProto first = consumers[0];
            if (consumers.Count == 1 && NoOps.Contains(first.OpType))
            {
                value = NoOp(graph, first, value, width);
                continue;
            }

            if (consumers.Count == 1 && first.OpType is "Gemm" or "MatMul")
            {
                (float[] w, float[] b, int outWidth, string next) = first.OpType == "Gemm" ? Gemm(graph, first, value, width) : MatMul(graph, first, value, width);
                layers.Add((w, b, outWidth, Activation.Identity, false));
                value = next;
                width = outWidth;
                continue;
            }

            if (layers.Count == 0 || layers[^1].Activated)
            {
                string where = string.Join(", ", consumers.Select(c => $"'{c.Name}' ({c.OpType})"));
                throw new InvalidDataException(layers.Count == 0
                    ? $"The input goes to {where}; the first operation must be a linear layer (Gemm or MatMul). Supported: {SupportedOperators}."
                    : $"Value '{value}' goes to {where} after the activation of layer {layers.Count - 1}; a linear layer (Gemm or MatMul) must come next. Supported: {SupportedOperators}.");
            }

            (Activation activation, string activated) = consumers.Count == 1 && first.OpType == "Softmax"
                ? (Activation.Softmax, Softmax(graph, first, value, width))
                : ActivationSubgraph.Recognise(graph, value, output);
            layers[^1] = layers[^1] with { Activation = activation, Activated = true };
            value = activated;
        }

        if (layers.Count == 0)
        {
            throw new InvalidDataException("The graph has no linear layer.");
        }

        graph.RequireAllVisited();

        var specs = layers.Select(l => new LayerSpec(l.Out, l.Activation)).ToArray();
        var network = new Network(features, specs);
        for (int l = 0; l < layers.Count; l++)
        {
            layers[l].Weights.CopyTo(network.Weights(l));
            layers[l].Bias.CopyTo(network.Bias(l));
        }

        return network;
    }

    private static string NoOp(GraphView graph, NodeProto node, string value, int width)
    {
        if (node.OpType == "Flatten" && Attribute(node, "axis")?.I is long axis && axis != 1 && axis != -1)
        {
            throw new InvalidDataException($"Flatten node '{node.Name}' has axis {axis}; on [batch, features] only axis 1 leaves the shape as it is.");
        }

        if (node.OpType == "Dropout")
        {
            // Inference: the data passes through; the optional ratio and training-mode inputs must be constants,
            // and the optional mask output must be unused.
            if (node.Output.Count > 1 && node.Output[1].Length > 0 && graph.ConsumersOf(node.Output[1]).Count > 0)
            {
                throw new InvalidDataException($"Dropout node '{node.Name}': its mask output is used; only inference graphs are supported.");
            }
        }

        graph.RequireOnlyInputFrom(node, 0, value, width);
        return node.Output.Count >= 1 ? node.Output[0] : throw new InvalidDataException($"Node '{node.Name}' ({node.OpType}) has no output.");
    }

    /// <summary>Softmax over the features of each sample: axis 1 (or −1, the same on [batch, features]).</summary>
    private static string Softmax(GraphView graph, NodeProto node, string value, int width)
    {
        long axis = Attribute(node, "axis")?.I ?? 1; // the default is 1 below opset 13 and −1 from 13: both the features here
        if (axis is not (1 or -1))
        {
            throw new InvalidDataException($"Softmax node '{Name(node)}' has axis {axis}; on [batch, features] only axis 1 (or −1) normalises each sample.");
        }

        graph.RequireOnlyInputFrom(node, 0, value, width);
        return node.Output.Count == 1 ? node.Output[0] : throw new InvalidDataException($"Softmax node '{Name(node)}' has {node.Output.Count} outputs.");
    }

    /// <summary>Y = α·X·op(B) + β·C: θ = α·op(B)ᵀ (out × in), b = β·C broadcast over [out].</summary>
    private static (float[] Weights, float[] Bias, int Out, string Output) Gemm(GraphView graph, NodeProto node, string value, int width)
    {
        long transA = Attribute(node, "transA")?.I ?? 0, transB = Attribute(node, "transB")?.I ?? 0;
        float alpha = Attribute(node, "alpha")?.F ?? 1f, beta = Attribute(node, "beta")?.F ?? 1f;
        if (transA != 0)
        {
            throw new InvalidDataException($"Gemm node '{node.Name}' has transA = {transA}; the data must be [batch, features] (transA 0).");
        }

        if (node.Input.Count is < 2 or > 3 || node.Output.Count != 1)
        {
            throw new InvalidDataException($"Gemm node '{node.Name}' has {node.Input.Count} inputs and {node.Output.Count} outputs; a linear layer has X, B, optionally C, and one output.");
        }

        graph.RequireDataInput(node, 0, value);
        (int[] shape, float[] b) = graph.FloatConstant(node, 1); // B: out × in (transB 1) or in × out (transB 0)
        if (shape.Length != 2)
        {
            throw new InvalidDataException($"Gemm node '{node.Name}': weight '{node.Input[1]}' has shape [{string.Join(", ", shape)}]; it must be a matrix.");
        }

        int inWidth = transB != 0 ? shape[1] : shape[0], outWidth = transB != 0 ? shape[0] : shape[1];
        if (inWidth != width || outWidth <= 0)
        {
            throw new InvalidDataException($"Gemm node '{node.Name}': weight '{node.Input[1]}' of shape [{shape[0]}, {shape[1]}] (transB {transB}) takes {inWidth} features, but {width} arrive.");
        }

        float[] weights = new float[checked(outWidth * inWidth)]; // θ: out × in
        for (int i = 0; i < outWidth; i++)
        {
            for (int k = 0; k < inWidth; k++)
            {
                float v = transB != 0 ? b[(i * inWidth) + k] : b[(k * outWidth) + i];
                weights[(i * inWidth) + k] = alpha == 1f ? v : alpha * v;
            }
        }

        float[] bias = new float[outWidth]; // b: out
        if (node.Input.Count == 3 && node.Input[2].Length > 0)
        {
            BiasInto(graph, node, 2, outWidth, beta, bias);
        }

        return (Finite(weights, node, node.Input[1]), Finite(bias, node, node.Input.Count == 3 ? node.Input[2] : "bias"), outWidth, node.Output[0]);
    }

    /// <summary>X·W with W [in, out] (θ = Wᵀ), then an Add of a bias constant when that is the only consumer.</summary>
    private static (float[] Weights, float[] Bias, int Out, string Output) MatMul(GraphView graph, NodeProto node, string value, int width)
    {
        if (node.Input.Count != 2 || node.Output.Count != 1)
        {
            throw new InvalidDataException($"MatMul node '{node.Name}' must have two inputs and one output.");
        }

        graph.RequireDataInput(node, 0, value);
        (int[] shape, float[] w) = graph.FloatConstant(node, 1); // W: in × out
        if (shape.Length != 2 || shape[0] != width || shape[1] <= 0)
        {
            throw new InvalidDataException($"MatMul node '{node.Name}': weight '{node.Input[1]}' has shape [{string.Join(", ", shape)}]; it must be [{width}, out].");
        }

        int outWidth = shape[1];
        float[] weights = new float[checked(outWidth * width)]; // θ = Wᵀ: out × in
        for (int i = 0; i < outWidth; i++)
        {
            for (int k = 0; k < width; k++)
            {
                weights[(i * width) + k] = w[(k * outWidth) + i];
            }
        }

        float[] bias = new float[outWidth]; // b: out (zero without an Add)
        string output = node.Output[0];
        List<NodeProto> next = graph.ConsumersOf(output);
        if (next.Count == 1 && next[0].OpType == "Add" && next[0].Input.Count == 2)
        {
            NodeProto add = next[0];
            int constant = add.Input[0] == output ? 1 : 0;
            if (graph.IsConstant(add.Input[constant]) && add.Input[1 - constant] == output && add.Output.Count == 1)
            {
                BiasInto(graph, add, constant, outWidth, 1f, bias);
                graph.Visit(add);
                output = add.Output[0];
            }
        }

        return (Finite(weights, node, node.Input[1]), Finite(bias, node, "bias"), outWidth, output);
    }

    private static void BiasInto(GraphView graph, NodeProto node, int index, int outWidth, float beta, float[] bias)
    {
        (int[] shape, float[] c) = graph.FloatConstant(node, index);
        long count = shape.Aggregate(1L, (p, d) => p * d);
        bool row = count == outWidth && shape.Count(d => d != 1) <= 1 && (shape.Length == 0 || shape[^1] == outWidth || outWidth == 1);
        if (!row && count != 1)
        {
            throw new InvalidDataException($"Node '{node.Name}': bias '{node.Input[index]}' has shape [{string.Join(", ", shape)}]; it must broadcast as [{outWidth}] over the batch.");
        }

        for (int i = 0; i < outWidth; i++)
        {
            float v = row ? c[i] : c[0];
            bias[i] = beta == 1f ? v : beta * v;
        }
    }

    private static float[] Finite(float[] values, NodeProto node, string tensor)
    {
        int bad = Array.FindIndex(values, v => !float.IsFinite(v));
        return bad < 0 ? values : throw new InvalidDataException($"Node '{node.Name}': '{tensor}' has a non-finite value at element {bad}.");
    }

    internal static AttributeProto? Attribute(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name);

    /// <summary>The values of a FLOAT (or DOUBLE, for constants of element-wise subgraphs) tensor, checked against its shape.</summary>
    internal static (int[] Shape, double[] Values) Values(TensorProto tensor, string what, bool allowDouble)
    {
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            throw new InvalidDataException($"{what} keeps its data in an external file; only self-contained models are supported.");
        }

        long count = 1;
        int[] shape = new int[tensor.Dims.Count];
        for (int d = 0; d < shape.Length; d++)
        {
            long dim = tensor.Dims[d];
            if (dim < 0 || dim > int.MaxValue || (count *= Math.Max(dim, 1)) > int.MaxValue)
            {
                throw new InvalidDataException($"{what} has shape [{string.Join(", ", tensor.Dims)}], more elements than a tensor can hold.");
            }

            shape[d] = (int)dim;
        }

        if (shape.Contains(0))
        {
            count = 0;
        }

        var type = (TensorProto.Types.DataType)tensor.DataType;
        int size = type switch
        {
            TensorProto.Types.DataType.Float => 4,
            TensorProto.Types.DataType.Double when allowDouble => 8,
            _ => throw new InvalidDataException($"{what} has data type {type}; {(allowDouble ? "FLOAT or DOUBLE" : "FLOAT")} is supported."),
        };
        ReadOnlySpan<byte> raw = tensor.RawData.Span;
        int stored = raw.Length > 0 ? raw.Length / size : size == 4 ? tensor.FloatData.Count : tensor.DoubleData.Count;
        if ((raw.Length > 0 && raw.Length % size != 0) || stored != count)
        {
            throw new InvalidDataException($"{what} has shape [{string.Join(", ", shape)}] ({count} elements) but holds {(raw.Length > 0 ? $"{raw.Length} bytes of raw data" : $"{stored} values")}.");
        }

        var values = new double[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = raw.Length > 0
                ? size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(raw[(4 * i)..]) : BinaryPrimitives.ReadDoubleLittleEndian(raw[(8 * i)..])
                : size == 4 ? tensor.FloatData[i] : tensor.DoubleData[i];
        }

        return (shape, values);
    }

    internal static string Name(NodeProto node) => string.IsNullOrEmpty(node.Name) ? $"(unnamed {node.OpType})" : node.Name;
}
