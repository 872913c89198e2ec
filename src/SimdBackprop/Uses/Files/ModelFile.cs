using System.Globalization;

namespace SimdBackprop;

/// <summary>
/// Networks as files: a path ending in <c>.onnx</c> is an ONNX model (<see cref="OnnxFile"/>), any other a
/// safetensors file. A safetensors model file holds <c>layers.{i}.weight</c> (shape [out, in], PyTorch
/// <c>nn.Linear</c> layout) and <c>layers.{i}.bias</c> ([out]) for every layer i, and <c>__metadata__</c>
/// with <c>"format": "simdbackprop"</c> and <c>"activations"</c>: one name per layer, comma-separated
/// (see <see cref="ActivationNames"/>). A save and load round trip is bit-exact.
/// </summary>
public static class ModelFile
{
    /// <summary>The metadata value of <c>"format"</c> that marks a SimdBackprop model.</summary>
    public const string Format = "simdbackprop";

    /// <summary>Writes the network's parameters and activations as a model file.</summary>
    /// <param name="network">The network.</param>
    /// <param name="destination">The stream (left open); safetensors (for ONNX use <see cref="OnnxFile.Save(Network, Stream)"/>).</param>
    public static void Save(Network network, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(network);
        SafeTensors.Save(Tensors(network, gradients: false), destination, Metadata(network));
    }

    /// <summary>Writes the network as a model file at <paramref name="path"/> (created or overwritten).</summary>
    /// <param name="network">The network.</param>
    /// <param name="path">The file.</param>
    public static void Save(Network network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(path);
        if (IsOnnx(path))
        {
            OnnxFile.Save(network, path);
            return;
        }

        SafeTensors.Save(Tensors(network, gradients: false), path, Metadata(network));
    }

    /// <summary>Whether <paramref name="path"/> names an ONNX file (its extension is <c>.onnx</c>, any case).</summary>
    /// <param name="path">The path.</param>
    /// <returns>True for ONNX.</returns>
    public static bool IsOnnx(string path) => Path.GetExtension(path).Equals(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes the network's accumulated gradients ∂E/∂θ, ∂E/∂b under the model's tensor names and
    /// metadata, so tools can read them as they read a model.</summary>
    /// <param name="network">The network.</param>
    /// <param name="destination">The stream (left open).</param>
    public static void SaveGradients(Network network, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(network);
        SafeTensors.Save(Tensors(network, gradients: true), destination, Metadata(network));
    }

    /// <summary>
    /// Reads a model file. Besides the rules of <see cref="SafeTensors.Load(Stream)"/>: the metadata must say
    /// format simdbackprop and name one known activation per layer; the tensors must be exactly
    /// <c>layers.{i}.weight</c> and <c>layers.{i}.bias</c> for i = 0 … layers − 1 with chained shapes
    /// ([out_i, in_i], [out_i], in_{i+1} = out_i); every parameter must be finite.
    /// </summary>
    /// <param name="source">The stream (left open).</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidDataException">A rule is broken; the message says what and where.</exception>
    public static Network Load(Stream source) => FromFile(SafeTensors.Load(source));

    /// <summary>Reads a model file from disk: ONNX for a <c>.onnx</c> path (<see cref="OnnxFile.Load(string)"/>), else see <see cref="Load(Stream)"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidDataException">A rule is broken; the message names the file and what is wrong.</exception>
    public static Network Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return IsOnnx(path) ? OnnxFile.Load(path) : WithPath(path, () => FromFile(SafeTensors.Load(path)));
    }

    /// <summary>
    /// Reads the state dict of a PyTorch <c>nn.Sequential</c> of <c>nn.Linear</c> layers (with bias) and
    /// parameter-free activations, saved as safetensors: tensors <c>{k}.weight</c> [out, in] and
    /// <c>{k}.bias</c> [out], k the module index (e.g. 0, 2, 4), taken in increasing k. No other tensors
    /// may be present; metadata is ignored.
    /// </summary>
    /// <param name="source">The stream (left open).</param>
    /// <param name="activations">σ of each linear layer in order (the file does not say).</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidDataException">A rule is broken, or the file's linear layers are not as many as <paramref name="activations"/>.</exception>
    public static Network LoadPyTorchSequential(Stream source, IReadOnlyList<Activation> activations)
    {
        ArgumentNullException.ThrowIfNull(activations);
        return FromSequential(SafeTensors.Load(source), activations);
    }

    /// <summary>Reads a PyTorch <c>nn.Sequential</c> state dict from disk; see <see cref="LoadPyTorchSequential(Stream, IReadOnlyList{Activation})"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="activations">σ of each linear layer in order.</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidDataException">A rule is broken; the message names the file.</exception>
    public static Network LoadPyTorchSequential(string path, IReadOnlyList<Activation> activations)
    {
        ArgumentNullException.ThrowIfNull(activations);
        return WithPath(path, () => FromSequential(SafeTensors.Load(path), activations));
    }

    private static Network WithPath(string path, Func<Network> load)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return load();
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private static List<KeyValuePair<string, FloatTensor>> Tensors(Network network, bool gradients)
    {
        var list = new List<KeyValuePair<string, FloatTensor>>(2 * network.LayerCount);
        for (int l = 0; l < network.LayerCount; l++)
        {
            int outSize = network.Layers[l].Size, inSize = network.LayerInputSize(l);
            float[] w = (gradients ? network.WeightGradients(l) : network.Weights(l)).ToArray();
            float[] b = (gradients ? network.BiasGradients(l) : network.Bias(l)).ToArray();
            list.Add(new(TensorNames.Weight(l), new FloatTensor([outSize, inSize], w)));
            list.Add(new(TensorNames.Bias(l), new FloatTensor([outSize], b)));
        }

        return list;
    }

    private static Dictionary<string, string> Metadata(Network network) => new(StringComparer.Ordinal)
    {
        ["format"] = Format,
        ["activations"] = string.Join(",", network.Layers.Select(layer => ActivationNames.Name(layer.Activation))),
    };

    private static Network FromFile(SafeTensorsFile file)
    {
        if (!file.Metadata.TryGetValue("format", out string? format) || format != Format)
        {
            throw new InvalidDataException(format is null
                ? "__metadata__ has no \"format\"; a SimdBackprop model says \"simdbackprop\"."
                : $"__metadata__ format is '{format}', not '{Format}' (a PyTorch state dict loads with LoadPyTorchSequential).");
        }

        if (!file.Metadata.TryGetValue("activations", out string? names))
        {
            throw new InvalidDataException("__metadata__ has no \"activations\" (one name per layer, comma-separated).");
        }

        string[] parts = names.Split(',');
        var activations = new Activation[parts.Length];
        for (int l = 0; l < parts.Length; l++)
        {
            activations[l] = ActivationNames.TryParse(parts[l], out Activation activation, out string? error)
                ? activation
                : throw new InvalidDataException($"__metadata__ activations entry {l}: {error}");
        }

        var layers = new (string Weight, string Bias)[parts.Length];
        for (int l = 0; l < layers.Length; l++)
        {
            layers[l] = (TensorNames.Weight(l), TensorNames.Bias(l));
        }

        return Build(file, layers, activations, "the activations list");
    }

    private static Network FromSequential(SafeTensorsFile file, IReadOnlyList<Activation> activations)
    {
        var indices = new SortedSet<int>();
        foreach (string name in file.Names)
        {
            int dot = name.IndexOf('.', StringComparison.Ordinal);
            string suffix = dot < 0 ? "" : name[(dot + 1)..];
            if (dot <= 0 || suffix is not ("weight" or "bias")
                || !int.TryParse(name.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out int k)
                || k.ToString(CultureInfo.InvariantCulture) != name[..dot])
            {
                throw new InvalidDataException($"Tensor '{name}' is not a Sequential linear parameter ('{{index}}.weight' or '{{index}}.bias').");
            }

            indices.Add(k);
        }

        var layers = indices.Select(k => (Weight: string.Create(CultureInfo.InvariantCulture, $"{k}.weight"), Bias: string.Create(CultureInfo.InvariantCulture, $"{k}.bias"))).ToArray();
        if (layers.Length != activations.Count)
        {
            throw new InvalidDataException($"The file has {layers.Length} linear layers (module indices {string.Join(", ", indices)}) but {activations.Count} activations were given.");
        }

        return Build(file, layers, [.. activations], "the given activations");
    }

    /// <summary>Checks names, shapes and values, then builds the network; every tensor of the file must be used.</summary>
    private static Network Build(SafeTensorsFile file, (string Weight, string Bias)[] layers, Activation[] activations, string countSource)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var specs = new LayerSpec[layers.Length];
        var weights = new FloatTensor[layers.Length];
        var biases = new FloatTensor[layers.Length];
        int inputSize = 0;
        for (int l = 0; l < layers.Length; l++)
        {
            weights[l] = Require(file, layers[l].Weight, l, layers.Length, countSource);
            biases[l] = Require(file, layers[l].Bias, l, layers.Length, countSource);
            used.Add(layers[l].Weight);
            used.Add(layers[l].Bias);
            IReadOnlyList<int> ws = weights[l].Shape, bs = biases[l].Shape;
            if (ws.Count != 2 || ws[0] == 0 || ws[1] == 0)
            {
                throw new InvalidDataException($"Tensor '{layers[l].Weight}' has shape {weights[l]}; a weight is [out, in] with both positive.");
            }

            if (bs.Count != 1 || bs[0] != ws[0])
            {
                throw new InvalidDataException($"Tensor '{layers[l].Bias}' has shape {biases[l]}; layer {l}'s weight {weights[l]} needs a bias [{ws[0]}].");
            }

            if (l == 0)
            {
                inputSize = ws[1];
            }
            else if (ws[1] != specs[l - 1].Size)
            {
                throw new InvalidDataException($"Tensor '{layers[l].Weight}' has shape {weights[l]}, but layer {l - 1} has {specs[l - 1].Size} outputs.");
            }

            RequireFinite(weights[l], layers[l].Weight);
            RequireFinite(biases[l], layers[l].Bias);
            specs[l] = new LayerSpec(ws[0], activations[l]);
        }

        foreach (string name in file.Names)
        {
            if (!used.Contains(name))
            {
                throw new InvalidDataException($"Tensor '{name}' is not a parameter of the {layers.Length} layers ({countSource}).");
            }
        }

        Network network;
        try
        {
            network = new Network(inputSize, specs);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The layers do not form a network: {e.Message}", e);
        }

        for (int l = 0; l < layers.Length; l++)
        {
            weights[l].Data.CopyTo(network.Weights(l));
            biases[l].Data.CopyTo(network.Bias(l));
        }

        return network;
    }

    private static FloatTensor Require(SafeTensorsFile file, string name, int layer, int count, string countSource) =>
        file.Tensors.TryGetValue(name, out FloatTensor? tensor)
            ? tensor
            : throw new InvalidDataException($"Tensor '{name}' of layer {layer} is missing ({countSource}: {count} layers).");

    private static void RequireFinite(FloatTensor tensor, string name)
    {
        float[] data = tensor.Data;
        for (int i = 0; i < data.Length; i++)
        {
            if (!float.IsFinite(data[i]))
            {
                int columns = tensor.Shape.Count == 2 ? tensor.Shape[1] : data.Length;
                string index = tensor.Shape.Count == 2 ? $"[{i / columns}, {i % columns}]" : $"[{i}]";
                throw new InvalidDataException($"Tensor '{name}'{index} is {data[i]}; parameters must be finite.");
            }
        }
    }
}
