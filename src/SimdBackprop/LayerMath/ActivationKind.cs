namespace SimdBackprop;

/// <summary>The activation functions σ a layer can apply to its pre-activation u.</summary>
public enum ActivationKind
{
    /// <summary>σ(u) = u.</summary>
    Identity = 0,

    /// <summary>Heaviside step: σ(u) = 1 for u ≥ 0, else 0 (NaN propagates). Forward only: it has no usable derivative.</summary>
    Threshold,

    /// <summary>σ(u) = 1 / (1 + e^−u).</summary>
    Sigmoid,

    /// <summary>σ(u) = tanh(u).</summary>
    Tanh,

    /// <summary>σ(u) = max(u, 0) (NaN propagates).</summary>
    ReLU,

    /// <summary>σ(u) = u for u ≥ 0, slope·u otherwise.</summary>
    LeakyReLU,

    /// <summary>σ(u) = ln(1 + e^u).</summary>
    Softplus,

    /// <summary>σ(u) = u·sigmoid(u) (also called swish).</summary>
    SiLU,

    /// <summary>GELU, exact form (PyTorch's <c>nn.GELU()</c>): σ(u) = u·Φ(u) = ½·u·(1 + erf(u/√2)).</summary>
    Gelu,

    /// <summary>GELU, tanh form (PyTorch's <c>approximate='tanh'</c>): σ(u) = ½·u·(1 + tanh(√(2/π)·(u + 0.044715·u³))).</summary>
    GeluTanh,

    /// <summary>
    /// Softmax over each sample's outputs: σ(u)_i = e^(u_i)/Σ_j e^(u_j). Not element-wise: its derivative is a
    /// Jacobian, applied by the backward pass. As the output layer trained with
    /// <see cref="LossKind.SoftmaxCrossEntropy"/>, the loss is taken on the logits u (PyTorch's
    /// <c>CrossEntropyLoss</c>), by the fused, stable path.
    /// </summary>
    Softmax,
}
