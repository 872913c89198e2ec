using SimdBackprop.Uses.Files.Onnx.Protocol;

namespace SimdBackprop.Uses.Files.Onnx;

/// <summary>
/// The nodes of an ONNX graph indexed by the values they read, with its constants (initializers and
/// <c>Constant</c> nodes). Built only for a well-formed graph: every value is produced once, every input a node
/// reads exists, and there is no cycle; otherwise the constructor throws naming the node.
/// </summary>
internal sealed class GraphView
{
    private readonly Dictionary<string, List<NodeProto>> consumers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TensorProto> constants;
    private readonly HashSet<NodeProto> visited = new(ReferenceEqualityComparer.Instance);
    private readonly List<NodeProto> nodes;

    public GraphView(List<NodeProto> nodes, Dictionary<string, TensorProto> constants, string input)
    {
        this.constants = constants;
        this.nodes = nodes;
        var producer = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (NodeProto node in nodes)
        {
            foreach (string output in node.Output.Where(o => o.Length > 0))
            {
                if (output == input || constants.ContainsKey(output) || !producer.TryAdd(output, node))
                {
                    throw new InvalidDataException($"Value '{output}' of node '{OnnxImporter.Name(node)}' ({node.OpType}) is defined more than once.");
                }
            }
        }

        foreach (NodeProto node in nodes)
        {
            foreach (string read in node.Input.Where(i => i.Length > 0))
            {
                if (read != input && !constants.ContainsKey(read) && !producer.ContainsKey(read))
                {
                    throw new InvalidDataException($"Node '{OnnxImporter.Name(node)}' ({node.OpType}) reads '{read}', which no node, initializer or input defines.");
                }

                if (!consumers.TryGetValue(read, out List<NodeProto>? list))
                {
                    consumers[read] = list = [];
                }

                if (!list.Exists(n => ReferenceEquals(n, node)))
                {
                    list.Add(node);
                }
            }
        }

        RejectCycles(nodes, producer);
    }

    /// <summary>The nodes that read <paramref name="value"/>, in graph order.</summary>
    public List<NodeProto> ConsumersOf(string value) => consumers.TryGetValue(value, out List<NodeProto>? list) ? list : [];

    /// <summary>Whether <paramref name="name"/> is an initializer or the output of a Constant node.</summary>
    public bool IsConstant(string name) => constants.ContainsKey(name);

    /// <summary>Marks a node as part of the network; <see cref="RequireAllVisited"/> refuses graphs with others.</summary>
    public void Visit(NodeProto node) => visited.Add(node);

    /// <summary>Throws when a node of the graph is not on the chain from the input to the output.</summary>
    public void RequireAllVisited()
    {
        if (visited.Count != nodes.Count)
        {
            NodeProto stray = nodes.First(n => !visited.Contains(n));
            throw new InvalidDataException($"Node '{OnnxImporter.Name(stray)}' ({stray.OpType}) is not on the chain from the input to the output.");
        }
    }

    /// <summary>The float constant read as input <paramref name="index"/> of <paramref name="node"/>.</summary>
    public (int[] Shape, float[] Values) FloatConstant(NodeProto node, int index)
    {
        string name = node.Input[index];
        if (!constants.TryGetValue(name, out TensorProto? tensor))
        {
            throw new InvalidDataException($"Node '{OnnxImporter.Name(node)}' ({node.OpType}): input {index} '{name}' must be a constant (an initializer), not computed.");
        }

        (int[] shape, double[] values) = OnnxImporter.Values(tensor, $"Tensor '{name}' (input {index} of node '{OnnxImporter.Name(node)}')", allowDouble: false);
        return (shape, Array.ConvertAll(values, v => (float)v));
    }

    /// <summary>The values of a constant as doubles (FLOAT or DOUBLE), for evaluating element-wise subgraphs.</summary>
    public (int[] Shape, double[] Values) Constant(NodeProto node, string name) =>
        OnnxImporter.Values(constants[name], $"Tensor '{name}' (read by node '{OnnxImporter.Name(node)}')", allowDouble: true);

    /// <summary>Input <paramref name="index"/> of the node must be <paramref name="value"/>, the data flowing down the chain.</summary>
    public void RequireDataInput(NodeProto node, int index, string value)
    {
        Visit(node);
        if (node.Input.Count <= index || node.Input[index] != value)
        {
            throw new InvalidDataException($"Node '{OnnxImporter.Name(node)}' ({node.OpType}) reads '{value}' as an input other than its data input {index}.");
        }
    }

    /// <summary>A pass-through node: input <paramref name="index"/> is the data, every other input a constant.</summary>
    public void RequireOnlyInputFrom(NodeProto node, int index, string value, int width)
    {
        RequireDataInput(node, index, value);
        for (int i = 0; i < node.Input.Count; i++)
        {
            if (i != index && node.Input[i].Length > 0 && !constants.ContainsKey(node.Input[i]))
            {
                throw new InvalidDataException($"Node '{OnnxImporter.Name(node)}' ({node.OpType}) reads computed value '{node.Input[i]}' beside the [batch, {width}] data.");
            }
        }
    }

    private static void RejectCycles(List<NodeProto> nodes, Dictionary<string, NodeProto> producer)
    {
        // Kahn's algorithm over node → node edges; the nodes left over lie on a cycle.
        var pending = new Dictionary<NodeProto, int>(ReferenceEqualityComparer.Instance);
        var next = new Dictionary<NodeProto, List<NodeProto>>(ReferenceEqualityComparer.Instance);
        foreach (NodeProto node in nodes)
        {
            var from = node.Input.Where(i => producer.ContainsKey(i)).Select(i => producer[i]).Distinct(ReferenceEqualityComparer.Instance).Cast<NodeProto>().ToList();
            pending[node] = from.Count;
            foreach (NodeProto source in from)
            {
                if (!next.TryGetValue(source, out List<NodeProto>? list))
                {
                    next[source] = list = [];
                }

                list.Add(node);
            }
        }

        var ready = new Queue<NodeProto>(nodes.Where(n => pending[n] == 0));
        int done = 0;
        while (ready.TryDequeue(out NodeProto? node))
        {
            done++;
            foreach (NodeProto after in next.GetValueOrDefault(node) ?? [])
            {
                if (--pending[after] == 0)
                {
                    ready.Enqueue(after);
                }
            }
        }

        if (done != nodes.Count)
        {
            NodeProto looped = nodes.First(n => pending[n] > 0);
            throw new InvalidDataException($"Node '{OnnxImporter.Name(looped)}' ({looped.OpType}) lies on a cycle; a network is a chain.");
        }
    }
}
