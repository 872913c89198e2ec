namespace SimdBackprop.Tests.Reference;

/// <summary>
/// The derivation in double precision, plain loops, one sample at a time, sharing no code with the library:
/// u_i = Σ_ℓ θ_iℓ·o_ℓ + b_i, o_i = σ(u_i); output δ_k = ∂E/∂ŷ_k·σ'(u_k); hidden δ_i = σ'(u_i)·Σ_j δ_j·θ_ji;
/// ∂E/∂θ_iℓ = Σ_samples δ_i·o_ℓ, ∂E/∂b_i = Σ_samples δ_i.
/// Parameters are held per layer: W[l][i, ℓ] (out × in) and B[l][i].
/// </summary>
internal sealed class ReferenceNetwork
{
    public ReferenceNetwork(int inputSize, LayerSpec[] layers, double[][] weights, double[][] biases)
    {
        InputSize = inputSize;
        Layers = layers;
        W = weights;
        B = biases;
    }

    public int InputSize { get; }

    public LayerSpec[] Layers { get; }

    public double[][] W { get; }

    public double[][] B { get; }

    /// <summary>Copies the parameters of a library network into double arrays (its layout: per layer θ then b).</summary>
    public static ReferenceNetwork From(Network network)
    {
        var w = new double[network.LayerCount][];
        var b = new double[network.LayerCount][];
        for (int l = 0; l < network.LayerCount; l++)
        {
            w[l] = network.Weights(l).ToArray().Select(x => (double)x).ToArray();
            b[l] = network.Bias(l).ToArray().Select(x => (double)x).ToArray();
        }

        return new ReferenceNetwork(network.InputSize, network.Layers.ToArray(), w, b);
    }

    public int InSize(int l) => l == 0 ? InputSize : Layers[l - 1].Size;

    /// <summary>Forward for one sample: returns u and o of every layer.</summary>
    public (double[][] U, double[][] O) Forward(double[] x)
    {
        var u = new double[Layers.Length][];
        var o = new double[Layers.Length][];
        double[] prev = x;
        for (int l = 0; l < Layers.Length; l++)
        {
            int n = Layers[l].Size, m = InSize(l);
            u[l] = new double[n];
            o[l] = new double[n];
            for (int i = 0; i < n; i++)
            {
                double s = B[l][i];
                for (int j = 0; j < m; j++)
                {
                    s += W[l][(i * m) + j] * prev[j];
                }

                u[l][i] = s;
                o[l][i] = Layers[l].Activation.IsElementwise ? ReferenceActivations.Forward(Layers[l].Activation, s) : 0;
            }

            if (!Layers[l].Activation.IsElementwise)
            {
                o[l] = ReferenceActivations.Softmax(u[l]);
            }

            prev = o[l];
        }

        return (u, o);
    }

    /// <summary>The network outputs of a batch, batch × outputs.</summary>
    public double[] Predict(double[] inputs, int batch)
    {
        int outSize = Layers[^1].Size;
        var y = new double[batch * outSize];
        for (int s = 0; s < batch; s++)
        {
            double[] o = Forward(inputs.AsSpan(s * InputSize, InputSize).ToArray()).O[^1];
            o.CopyTo(y, s * outSize);
        }

        return y;
    }

    public double Error(double[] inputs, double[] targets, int batch, LossKind loss) =>
        ReferenceLosses.Error(loss, batch, Layers[^1].Size, LossInput(inputs, batch, loss), targets);

    /// <summary>Cross-entropy after a softmax output layer is taken on the logits (the library's and PyTorch's convention).</summary>
    private bool OnLogits(LossKind loss) => loss == LossKind.SoftmaxCrossEntropy && Layers[^1].Activation.Kind == ActivationKind.Softmax;

    /// <summary>What the loss reads: the outputs, or the last layer's logits (see <see cref="OnLogits"/>).</summary>
    private double[] LossInput(double[] inputs, int batch, LossKind loss)
    {
        if (!OnLogits(loss))
        {
            return Predict(inputs, batch);
        }

        int outSize = Layers[^1].Size;
        var u = new double[batch * outSize];
        for (int s = 0; s < batch; s++)
        {
            Forward(inputs.AsSpan(s * InputSize, InputSize).ToArray()).U[^1].CopyTo(u, s * outSize);
        }

        return u;
    }

    /// <summary>∂E/∂θ and ∂E/∂b summed over the batch by the derivation's deltas.</summary>
    public (double[][] DW, double[][] DB) Gradients(double[] inputs, double[] targets, int batch, LossKind loss)
    {
        int outSize = Layers[^1].Size;
        double[] dY = ReferenceLosses.Gradient(loss, batch, outSize, LossInput(inputs, batch, loss), targets);
        var dw = W.Select(w => new double[w.Length]).ToArray();
        var db = B.Select(b => new double[b.Length]).ToArray();
        for (int s = 0; s < batch; s++)
        {
            double[] x = inputs.AsSpan(s * InputSize, InputSize).ToArray();
            (double[][] u, double[][] o) = Forward(x);
            int last = Layers.Length - 1;

            // Output delta: δ_k = ∂E/∂ŷ_k · σ'(u_k); softmax: Jᵀ·∂E/∂ŷ, or ∂E/∂u itself when the loss took the logits.
            double[] delta = new double[outSize];
            double[] dYs = dY.AsSpan(s * outSize, outSize).ToArray();
            for (int k = 0; k < outSize; k++)
            {
                delta[k] = OnLogits(loss) ? dYs[k]
                    : Layers[last].Activation.IsElementwise ? dYs[k] * ReferenceActivations.Derivative(Layers[last].Activation, u[last][k])
                    : 0;
            }

            if (!OnLogits(loss) && !Layers[last].Activation.IsElementwise)
            {
                delta = ReferenceActivations.SoftmaxBackward(o[last], dYs);
            }

            for (int l = last; l >= 0; l--)
            {
                int n = Layers[l].Size, m = InSize(l);
                double[] below = l == 0 ? x : o[l - 1];
                for (int i = 0; i < n; i++)
                {
                    db[l][i] += delta[i];
                    for (int j = 0; j < m; j++)
                    {
                        dw[l][(i * m) + j] += delta[i] * below[j];
                    }
                }

                if (l > 0)
                {
                    // Hidden delta: δ_i = σ'(u_i)·Σ_j δ_j·θ_ji.
                    var next = new double[m];
                    for (int i = 0; i < m; i++)
                    {
                        double sum = 0;
                        for (int j = 0; j < n; j++)
                        {
                            sum += delta[j] * W[l][(j * m) + i];
                        }

                        next[i] = Layers[l - 1].Activation.IsElementwise ? ReferenceActivations.Derivative(Layers[l - 1].Activation, u[l - 1][i]) * sum : sum;
                    }

                    if (!Layers[l - 1].Activation.IsElementwise)
                    {
                        next = ReferenceActivations.SoftmaxBackward(o[l - 1], next);
                    }

                    delta = next;
                }
            }
        }

        return (dw, db);
    }
}
