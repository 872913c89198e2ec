using SimdBackprop.Validation;

namespace SimdBackprop;

/// <summary>
/// A multilayer network of dense layers. All parameters live in one contiguous buffer (per layer: weights
/// θ, outFeatures × inFeatures, then bias b), and so do their gradients, so an optimizer updates the whole
/// network in one pass. Forward passes with separate workspaces may run concurrently; gradient
/// accumulation and updates are single-writer (one training thread).
/// </summary>
public sealed class Network
{
    private readonly float[] parameters;   // θ and b of every layer, back to back
    private readonly float[] gradients;    // ∂E/∂θ and ∂E/∂b, same layout
    private readonly LayerSpec[] layers;
    private readonly int[] inputSizes;     // in features of layer l
    private readonly int[] weightOffsets;  // start of θ_l in the buffers
    private readonly int[] biasOffsets;    // start of b_l in the buffers

    /// <summary>Builds a network with all parameters zero (call <see cref="Initialize"/>).</summary>
    /// <param name="inputSize">Features of a sample (positive).</param>
    /// <param name="layers">The layers from the first hidden one to the output layer (at least one).</param>
    /// <exception cref="ArgumentException">No layers, a non-positive size, or an undefined activation (named).</exception>
    public Network(int inputSize, params ReadOnlySpan<LayerSpec> layers)
    {
        Check.Positive(inputSize, nameof(inputSize));
        if (layers.IsEmpty)
        {
            ThrowHelper.Argument(nameof(layers), "A network needs at least one layer.");
        }

        this.layers = layers.ToArray();
        inputSizes = new int[layers.Length];
        weightOffsets = new int[layers.Length];
        biasOffsets = new int[layers.Length];
        long offset = 0;
        int fanIn = inputSize;
        for (int l = 0; l < layers.Length; l++)
        {
            if (layers[l].Size <= 0)
            {
                ThrowHelper.Argument(nameof(layers), $"Layer {l} has size {layers[l].Size}; sizes must be positive.");
            }

            if (!EnumMembers<ActivationKind>.All.Contains(layers[l].Activation.Kind))
            {
                ThrowHelper.Argument(nameof(layers), $"Layer {l} has an undefined activation.");
            }

            inputSizes[l] = fanIn;
            weightOffsets[l] = (int)offset;
            offset += (long)layers[l].Size * fanIn;
            biasOffsets[l] = (int)Math.Min(offset, int.MaxValue);
            offset += layers[l].Size;
            if (offset > Array.MaxLength)
            {
                ThrowHelper.Argument(nameof(layers), "The network has more parameters than one buffer can hold.");
            }

            fanIn = layers[l].Size;
        }

        InputSize = inputSize;
        parameters = new float[offset];
        gradients = new float[offset];
    }

    /// <summary>Features of a sample.</summary>
    public int InputSize { get; }

    /// <summary>Outputs of the last layer.</summary>
    public int OutputSize => layers[^1].Size;

    /// <summary>Number of dense layers.</summary>
    public int LayerCount => layers.Length;

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<LayerSpec> Layers => layers;

    /// <summary>Total parameters (weights and biases).</summary>
    public int ParameterCount => parameters.Length;

    /// <summary>All parameters, contiguous: per layer θ (out × in, row-major) then b.</summary>
    public Span<float> Parameters => parameters;

    /// <summary>All accumulated gradients, in the layout of <see cref="Parameters"/>.</summary>
    public Span<float> Gradients => gradients;

    /// <summary>Input features of layer <paramref name="layer"/>.</summary>
    /// <param name="layer">Layer index.</param>
    /// <returns>The fan-in.</returns>
    public int LayerInputSize(int layer) => inputSizes[CheckLayer(layer)];

    /// <summary>θ of a layer: outFeatures × inFeatures, row-major (PyTorch nn.Linear layout).</summary>
    /// <param name="layer">Layer index.</param>
    /// <returns>A view into <see cref="Parameters"/>.</returns>
    public Span<float> Weights(int layer) => parameters.AsSpan(weightOffsets[CheckLayer(layer)], layers[layer].Size * inputSizes[layer]);

    /// <summary>b of a layer: outFeatures.</summary>
    /// <param name="layer">Layer index.</param>
    /// <returns>A view into <see cref="Parameters"/>.</returns>
    public Span<float> Bias(int layer) => parameters.AsSpan(biasOffsets[CheckLayer(layer)], layers[layer].Size);

    /// <summary>∂E/∂θ of a layer, shaped like <see cref="Weights"/>.</summary>
    /// <param name="layer">Layer index.</param>
    /// <returns>A view into <see cref="Gradients"/>.</returns>
    public Span<float> WeightGradients(int layer) => gradients.AsSpan(weightOffsets[CheckLayer(layer)], layers[layer].Size * inputSizes[layer]);

    /// <summary>∂E/∂b of a layer.</summary>
    /// <param name="layer">Layer index.</param>
    /// <returns>A view into <see cref="Gradients"/>.</returns>
    public Span<float> BiasGradients(int layer) => gradients.AsSpan(biasOffsets[CheckLayer(layer)], layers[layer].Size);

    /// <summary>Draws every weight from <paramref name="init"/> with a seeded generator and zeroes every bias.
    /// The same seed gives the same parameters on every machine and tier.</summary>
    /// <param name="init">The distribution.</param>
    /// <param name="seed">The generator's seed.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="init"/> is undefined.</exception>
    public void Initialize(WeightInit init, int seed)
    {
        Check.Defined(init, nameof(init));

        var random = new Random(seed); // seeded System.Random: a fixed, documented-stable sequence
        for (int l = 0; l < layers.Length; l++)
        {
            int fanIn = inputSizes[l], fanOut = layers[l].Size;
            double variance = init is WeightInit.GlorotUniform or WeightInit.GlorotNormal ? 2.0 / (fanIn + fanOut) : 2.0 / fanIn;
            bool uniform = init is WeightInit.GlorotUniform or WeightInit.HeUniform;
            Span<float> w = Weights(l);
            for (int i = 0; i < w.Length; i++)
            {
                // U(−a, a) has variance a²/3, so a = √(3·variance).
                w[i] = (float)(uniform
                    ? Math.Sqrt(3 * variance) * ((2 * random.NextDouble()) - 1)
                    : Math.Sqrt(variance) * StandardNormal(random));
            }

            Bias(l).Clear();
        }
    }

    /// <summary>Sets every accumulated gradient to zero (backward passes accumulate).</summary>
    public void ZeroGradients() => Array.Clear(gradients);

    /// <summary>Creates the buffers for batches of up to <paramref name="batchCapacity"/> samples.</summary>
    /// <param name="batchCapacity">Largest batch (positive).</param>
    /// <returns>A workspace for this network.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchCapacity"/> is not positive.</exception>
    public NetworkWorkspace CreateWorkspace(int batchCapacity)
    {
        Check.Positive(batchCapacity, nameof(batchCapacity));
        return new NetworkWorkspace(this, batchCapacity);
    }

    /// <summary>Runs the forward pass: o_0 = input, o_l = σ_l(o_{l−1}·θ_lᵀ + b_l).</summary>
    /// <param name="input">batch × InputSize, row-major.</param>
    /// <param name="batch">Samples (0 … workspace capacity).</param>
    /// <param name="workspace">This network's workspace.</param>
    /// <returns>The network output, batch × OutputSize, inside the workspace (valid until its next use).</returns>
    /// <exception cref="ArgumentException">Wrong workspace, batch out of range, or input too short (named).</exception>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, NetworkWorkspace workspace) =>
        Forward(input, batch, workspace, degreeOfParallelism: 1);

    /// <summary>The forward pass with its matrix products and activations cut across threads; the result is
    /// bit-identical to one thread.</summary>
    /// <param name="input">batch × InputSize, row-major.</param>
    /// <param name="batch">Samples (0 … workspace capacity).</param>
    /// <param name="workspace">This network's workspace.</param>
    /// <param name="degreeOfParallelism">Threads at most (1: this thread only, no other thread started).</param>
    /// <returns>The network output, batch × OutputSize, inside the workspace (valid until its next use).</returns>
    /// <exception cref="ArgumentException">Wrong workspace, batch out of range, input too short, or a non-positive degree (named).</exception>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, NetworkWorkspace workspace, int degreeOfParallelism)
    {
        ValidateBatch(input, batch, workspace);
        ReadOnlySpan<float> o = input[..(batch * InputSize)];
        for (int l = 0; l < layers.Length; l++)
        {
            int outSize = layers[l].Size;
            Span<float> u = workspace.PreActivations[l].AsSpan(0, batch * outSize);
            Span<float> next = workspace.Outputs[l].AsSpan(0, batch * outSize);
            Dense.Forward(batch, inputSizes[l], outSize, o, Weights(l), Bias(l), layers[l].Activation, u, next, degreeOfParallelism);
            o = next;
        }

        return o;
    }

    /// <summary>
    /// Back-propagates ∂E/∂ŷ of the last <see cref="Forward(ReadOnlySpan{float}, int, NetworkWorkspace)"/> with the same input and workspace, layer by
    /// layer, and accumulates ∂E/∂θ and ∂E/∂b into <see cref="Gradients"/> (or overwrites them).
    /// </summary>
    /// <param name="input">The input of the forward pass, batch × InputSize.</param>
    /// <param name="dOutput">∂E/∂ŷ, batch × OutputSize.</param>
    /// <param name="batch">Samples, as in the forward pass.</param>
    /// <param name="workspace">The workspace of the forward pass.</param>
    /// <param name="accumulate">True (the default): add to <see cref="Gradients"/>. False: overwrite them with this
    /// batch's gradients, as <see cref="ZeroGradients"/> followed by an accumulating pass would, without the extra
    /// pass over the gradients and without reading them.</param>
    /// <exception cref="ArgumentException">Wrong workspace, batch out of range, or a span too short (named).</exception>
    /// <exception cref="NotSupportedException">A layer's activation has no derivative (threshold).</exception>
    /// <param name="degreeOfParallelism">Threads at most for the matrix products, δ and the bias sums (1: this thread only); the gradients are
    /// bit-identical for every degree.</param>
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> dOutput, int batch, NetworkWorkspace workspace, bool accumulate = true, int degreeOfParallelism = 1) =>
        Backward(input, dOutput, batch, workspace, accumulate, dOutputIsOfLogits: false, degreeOfParallelism);

    /// <summary>
    /// Whether this loss is taken on the last layer's pre-activation: softmax output with cross-entropy, the
    /// fused and stable path (PyTorch's <c>CrossEntropyLoss</c> on the logits).
    /// </summary>
    private bool LossOnLogits(LossKind loss) => loss == LossKind.SoftmaxCrossEntropy && layers[^1].Activation.Kind == ActivationKind.Softmax;

    /// <summary>The backward pass; with <paramref name="dOutputIsOfLogits"/> the gradient arrives as ∂E/∂u of the last layer.</summary>
    private void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> dOutput, int batch, NetworkWorkspace workspace, bool accumulate, bool dOutputIsOfLogits, int degreeOfParallelism)
    {
        ValidateBatch(input, batch, workspace);
        Check.AtLeast(dOutput.Length, (long)batch * OutputSize, nameof(dOutput));
        foreach (LayerSpec layer in layers)
        {
            Activations.RequireDerivative(layer.Activation);
        }

        ReadOnlySpan<float> dO = dOutput[..(batch * OutputSize)];
        float[] deltaBuffer = workspace.DeltaA, inputBuffer = workspace.DeltaB;
        for (int l = layers.Length - 1; l >= 0; l--)
        {
            int inSize = inputSizes[l], outSize = layers[l].Size;
            ReadOnlySpan<float> layerInput = l == 0 ? input[..(batch * inSize)] : workspace.Outputs[l - 1].AsSpan(0, batch * inSize);
            Span<float> delta = deltaBuffer.AsSpan(0, batch * outSize);
            Span<float> dInput = l == 0 ? default : inputBuffer.AsSpan(0, batch * inSize);
            Activation activation = dOutputIsOfLogits && l == layers.Length - 1 ? Activation.Identity : layers[l].Activation;
            Dense.Backward(
                batch, inSize, outSize, layerInput, Weights(l), activation,
                workspace.PreActivations[l].AsSpan(0, batch * outSize), workspace.Outputs[l].AsSpan(0, batch * outSize),
                dO, delta, dInput, WeightGradients(l), BiasGradients(l), accumulate, degreeOfParallelism);

            // dInput of this layer is dOutput of the one below; its δ is formed in place there.
            dO = dInput;
            (deltaBuffer, inputBuffer) = (inputBuffer, deltaBuffer);
        }
    }

    /// <summary>Forward, loss and backward for one batch: accumulates ∂E/∂θ into <see cref="Gradients"/> (or overwrites them) and returns E.</summary>
    /// <param name="input">batch × InputSize.</param>
    /// <param name="target">batch × OutputSize.</param>
    /// <param name="batch">Samples.</param>
    /// <param name="loss">E, with its own reduction. Cross-entropy after a softmax output layer is taken on that layer's
    /// logits (PyTorch's <c>CrossEntropyLoss</c>), fused and stable; after any other output layer, on its outputs.</param>
    /// <param name="workspace">This network's workspace.</param>
    /// <param name="accumulate">True (the default): add to <see cref="Gradients"/>; false: overwrite them (see <see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, int, NetworkWorkspace, bool, int)"/>).</param>
    /// <returns>E of the batch before any update.</returns>
    /// <exception cref="ArgumentException">Wrong workspace, batch out of range, or a span too short (named).</exception>
    /// <exception cref="NotSupportedException">A layer's activation has no derivative (threshold).</exception>
    /// <param name="degreeOfParallelism">Threads at most for the matrix products, activations, δ and bias sums (1: this thread only); E and the
    /// gradients are bit-identical for every degree.</param>
    public float ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, LossKind loss, NetworkWorkspace workspace, bool accumulate = true, int degreeOfParallelism = 1)
    {
        ReadOnlySpan<float> y = Forward(input, batch, workspace, degreeOfParallelism);
        Check.AtLeast(target.Length, (long)batch * OutputSize, nameof(target));
        Span<float> dOutput = workspace.LossGradient.AsSpan(0, batch * OutputSize);
        bool onLogits = LossOnLogits(loss);
        ReadOnlySpan<float> lossInput = onLogits ? workspace.PreActivations[^1].AsSpan(0, batch * OutputSize) : y;
        float e = Losses.Evaluate(loss, batch, OutputSize, lossInput, target, dOutput);
        Backward(input, dOutput, batch, workspace, accumulate, onLogits, degreeOfParallelism);
        return e;
    }

    /// <summary>E of the network on a batch (a forward pass and the loss, no gradients).</summary>
    /// <param name="input">batch × InputSize.</param>
    /// <param name="target">batch × OutputSize.</param>
    /// <param name="batch">Samples.</param>
    /// <param name="loss">E.</param>
    /// <param name="workspace">This network's workspace.</param>
    /// <returns>E.</returns>
    /// <exception cref="ArgumentException">Wrong workspace, batch out of range, or a span too short (named).</exception>
    public float Error(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, LossKind loss, NetworkWorkspace workspace)
    {
        ReadOnlySpan<float> y = Forward(input, batch, workspace);
        Check.AtLeast(target.Length, (long)batch * OutputSize, nameof(target));
        return Losses.Error(loss, batch, OutputSize, LossOnLogits(loss) ? workspace.PreActivations[^1].AsSpan(0, batch * OutputSize) : y, target);
    }

    /// <summary>A deep copy: same shape, parameters and gradients.</summary>
    /// <returns>The copy.</returns>
    public Network Clone()
    {
        var copy = new Network(InputSize, layers);
        parameters.CopyTo(copy.parameters, 0);
        gradients.CopyTo(copy.gradients, 0);
        return copy;
    }

    private void ValidateBatch(ReadOnlySpan<float> input, int batch, NetworkWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!ReferenceEquals(workspace.Network, this))
        {
            ThrowHelper.Argument(nameof(workspace), "The workspace was created by another network.");
        }

        Check.NonNegative(batch, nameof(batch));
        if (batch > workspace.BatchCapacity)
        {
            ThrowHelper.Argument(nameof(batch), $"Batch {batch} exceeds the workspace capacity {workspace.BatchCapacity}.");
        }

        Check.AtLeast(input.Length, (long)batch * InputSize, nameof(input));
    }

    private int CheckLayer(int layer)
    {
        if ((uint)layer >= (uint)layers.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"The network has {layers.Length} layers.");
        }

        return layer;
    }

    private static double StandardNormal(Random random)
    {
        // Box–Muller; 1 − U keeps the logarithm's argument in (0, 1].
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
