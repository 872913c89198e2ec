namespace SimdBackprop;

/// <summary>The error function E(y, t) a network is trained to minimize.</summary>
public enum LossKind
{
    /// <summary>E = ½·Σ(y − t)², the classic derivation's error; ∂E/∂y = y − t.</summary>
    HalfSumOfSquares = 0,

    /// <summary>E = Σ(y − t)²; ∂E/∂y = 2·(y − t).</summary>
    SumOfSquares,

    /// <summary>E = Σ(y − t)² / N over all N = batch·features elements (PyTorch's <c>MSELoss</c>); ∂E/∂y = 2·(y − t)/N.</summary>
    MeanSquaredError,

    /// <summary>
    /// Softmax fused with cross-entropy on logits z (use an identity output layer), targets as probability
    /// rows, mean over the samples (PyTorch's <c>CrossEntropyLoss</c> with probability targets):
    /// E = −(1/M)·Σ_m Σ_k t_mk·log softmax(z_m)_k; ∂E/∂z_mk = (softmax(z_m)_k·Σ_j t_mj − t_mk)/M.
    /// </summary>
    SoftmaxCrossEntropy,
}
