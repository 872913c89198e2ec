using System.Globalization;
using SimdBackprop.Uses.Files.Onnx.Protocol;

namespace SimdBackprop.Uses.Files.Onnx;

/// <summary>
/// Recognises the activation a linear layer's output goes through: the largest set of element-wise nodes fed
/// only by that output and by scalar constants, with exactly one value leaving the set. The set is evaluated
/// in double precision at <see cref="Probes"/> and compared with every activation the library has; exactly the
/// one that agrees everywhere (to <see cref="Tolerance"/>) is taken. So <c>Relu</c>, <c>Sigmoid</c> then
/// <c>Mul</c> (SiLU) and the exporter's Div/Erf/Add/Mul/Mul spelling of GELU all load, whatever order or opset
/// the exporter chose, and a subgraph that computes something else is refused rather than approximated.
/// </summary>
internal static class ActivationSubgraph
{
    /// <summary>Agreement needed at every probe: |f − σ| ≤ Tolerance·(1 + |σ|). The GELU forms differ by up to 2e−4.</summary>
    private const double Tolerance = 2e-6;

    private static readonly double[] Probes = [.. Enumerable.Range(-48, 97).Select(i => i / 4.0), -30, -20, 20, 30, -1e-3, 1e-3, -0.3, 0.7];

    private static readonly HashSet<string> ElementwiseOps =
        ["Add", "Sub", "Mul", "Div", "Pow", "Erf", "Exp", "Log", "Sqrt", "Neg", "Abs", "Tanh", "Sigmoid", "Relu", "LeakyRelu", "Softplus", "Identity", "Dropout", "Cast"];

    /// <summary>The activation applied to <paramref name="value"/> and the value it produces.</summary>
    public static (Activation Activation, string Output) Recognise(GraphView graph, string value, string graphOutput)
    {
        (List<NodeProto> region, string result) = Region(graph, value, graphOutput);
        (string name, Activation activation, Func<double, double> f)[] candidates =
        [
            ("identity", Activation.Identity, x => x),
            ("relu", Activation.ReLU, x => Math.Max(x, 0)),
            ("sigmoid", Activation.Sigmoid, x => 1 / (1 + Math.Exp(-x))),
            ("tanh", Activation.Tanh, Math.Tanh),
            ("softplus", Activation.Softplus, x => x > 30 ? x : Math.Log(1 + Math.Exp(x))),
            ("silu", Activation.SiLU, x => x / (1 + Math.Exp(-x))),
            ("gelu", Activation.Gelu, x => 0.5 * x * (1 + Erf.Of(x / Math.Sqrt(2)))),
            ("gelu_tanh", Activation.GeluTanh, x => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x * x * x))))),
        ];

        double[] y = Array.ConvertAll(Probes, x => Evaluate(graph, region, value, result, x));

        // Leaky ReLU: the slope is what the subgraph gives at −1.
        double slope = -y[Array.IndexOf(Probes, -1.0)];
        if (double.IsFinite(slope) && slope != 0 && slope != 1 && Math.Abs(slope) < 1e6 && slope == (float)slope)
        {
            candidates = [.. candidates, ("leaky_relu", Activation.LeakyReLU((float)slope), x => x < 0 ? slope * x : x)];
        }

        string nearest = "";
        double nearestError = double.PositiveInfinity, nearestAt = 0;
        foreach ((string name, Activation activation, Func<double, double> f) in candidates)
        {
            double worst = 0, at = 0;
            for (int i = 0; i < Probes.Length; i++)
            {
                double expected = f(Probes[i]);
                double error = Math.Abs(y[i] - expected) / (1 + Math.Abs(expected));
                if (!(error <= worst))
                {
                    worst = double.IsNaN(error) ? double.PositiveInfinity : error;
                    at = Probes[i];
                }
            }

            if (worst <= Tolerance)
            {
                foreach (NodeProto node in region)
                {
                    graph.Visit(node);
                }

                return (activation, result);
            }

            if (worst < nearestError)
            {
                (nearest, nearestError, nearestAt) = (name, worst, at);
            }
        }

        throw new InvalidDataException(string.Create(
            CultureInfo.InvariantCulture,
            $"Nodes {Describe(region)} after value '{value}' compute no activation SimdBackprop has (identity, relu, leaky_relu, sigmoid, tanh, softplus, silu, gelu, gelu_tanh); the nearest, {nearest}, is off by {nearestError:G3} (relative) at {nearestAt}."));
    }

    /// <summary>The element-wise nodes fed only by <paramref name="value"/> and constants, in evaluation order, and the one value leaving them.</summary>
    private static (List<NodeProto> Region, string Result) Region(GraphView graph, string value, string graphOutput)
    {
        var region = new List<NodeProto>();
        var inside = new HashSet<string>(StringComparer.Ordinal) { value };
        bool grew = true;
        var candidates = new List<NodeProto>(graph.ConsumersOf(value));
        while (grew)
        {
            grew = false;
            foreach (NodeProto node in candidates.ToArray())
            {
                if (region.Exists(n => ReferenceEquals(n, node)) || !ElementwiseOps.Contains(node.OpType))
                {
                    continue;
                }

                if (node.Input.All(i => i.Length == 0 || inside.Contains(i) || graph.IsConstant(i)) && node.Input.Any(inside.Contains))
                {
                    region.Add(node);
                    grew = true;
                    foreach (string output in node.Output.Where(o => o.Length > 0))
                    {
                        inside.Add(output);
                        candidates.AddRange(graph.ConsumersOf(output));
                    }
                }
            }
        }

        NodeProto[] strays = [.. graph.ConsumersOf(value).Where(c => !region.Exists(n => ReferenceEquals(n, c)))];
        if (region.Count == 0 || strays.Length > 0)
        {
            NodeProto odd = strays.Length > 0 ? strays[0] : graph.ConsumersOf(value)[0];
            throw new InvalidDataException(
                $"Node '{OnnxImporter.Name(odd)}' ({odd.OpType}) reads '{value}' but is neither a linear layer nor part of an activation. Supported: {OnnxImporter.SupportedOperators}.");
        }

        // The values that leave the region: read by a node outside it, or the graph's output.
        var leaving = new List<string>();
        foreach (NodeProto node in region)
        {
            foreach (string output in node.Output.Where(o => o.Length > 0))
            {
                bool readOutside = graph.ConsumersOf(output).Exists(c => !region.Exists(n => ReferenceEquals(n, c)));
                if (readOutside || output == graphOutput)
                {
                    leaving.Add(output);
                }
            }
        }

        return leaving.Count == 1
            ? (region, leaving[0])
            : throw new InvalidDataException($"Nodes {Describe(region)} after value '{value}' have {leaving.Count} results used further on; an activation has one.");
    }

    private static double Evaluate(GraphView graph, List<NodeProto> region, string value, string result, double x)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal) { [value] = x };
        foreach (NodeProto node in region)
        {
            int arity = node.OpType is "Add" or "Sub" or "Mul" or "Div" or "Pow" ? 2 : 1;
            if (node.Input.Count < arity || node.Input.Take(arity).Any(i => i.Length == 0))
            {
                throw new InvalidDataException($"Node '{OnnxImporter.Name(node)}' ({node.OpType}) has {node.Input.Count} inputs; it needs {arity}.");
            }

            double In(int i) => values.TryGetValue(node.Input[i], out double v) ? v : Scalar(graph, node, node.Input[i]);
            double a = In(0);
            double output = node.OpType switch
            {
                "Add" => a + In(1),
                "Sub" => a - In(1),
                "Mul" => a * In(1),
                "Div" => a / In(1),
                "Pow" => Math.Pow(a, In(1)),
                "Erf" => Erf.Of(a),
                "Exp" => Math.Exp(a),
                "Log" => Math.Log(a),
                "Sqrt" => Math.Sqrt(a),
                "Neg" => -a,
                "Abs" => Math.Abs(a),
                "Tanh" => Math.Tanh(a),
                "Sigmoid" => 1 / (1 + Math.Exp(-a)),
                "Relu" => Math.Max(a, 0),
                "LeakyRelu" => a < 0 ? (OnnxImporter.Attribute(node, "alpha")?.F ?? 0.01f) * a : a,
                "Softplus" => a > 30 ? a : Math.Log(1 + Math.Exp(a)),
                "Cast" => CastTo(node, a),
                _ => a, // Identity, Dropout (inference)
            };
            foreach (string o in node.Output.Where(o => o.Length > 0).Take(1))
            {
                values[o] = output;
            }
        }

        return values[result];
    }

    private static double CastTo(NodeProto node, double a)
    {
        long to = OnnxImporter.Attribute(node, "to")?.I ?? 0;
        return to is (long)TensorProto.Types.DataType.Float or (long)TensorProto.Types.DataType.Double
            ? a
            : throw new InvalidDataException($"Cast node '{OnnxImporter.Name(node)}' casts to type {to}; only FLOAT and DOUBLE keep an activation's values.");
    }

    private static double Scalar(GraphView graph, NodeProto node, string name)
    {
        (int[] shape, double[] values) = graph.Constant(node, name);
        return values.Length == 1
            ? values[0]
            : throw new InvalidDataException($"Node '{OnnxImporter.Name(node)}' ({node.OpType}) reads constant '{name}' of shape [{string.Join(", ", shape)}]; inside an activation only scalars are supported.");
    }

    private static string Describe(List<NodeProto> region) =>
        string.Join(", ", region.Select(n => $"'{OnnxImporter.Name(n)}' ({n.OpType})"));
}
