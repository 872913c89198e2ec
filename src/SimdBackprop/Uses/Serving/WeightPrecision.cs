namespace SimdBackprop;

/// <summary>How a <see cref="Predictor"/> stores the weights θ it streams. Inputs, activations, biases and
/// every sum stay float32 either way; model files stay float32.</summary>
public enum WeightPrecision
{
    /// <summary>float32 weights: outputs as the network's own forward pass computes them (the default).</summary>
    Float32 = 0,

    /// <summary>
    /// bfloat16 weights (each θ rounded to nearest even, 8 significant bits): half the bytes per call, so a
    /// batch-1 call that streams its weights from cache or memory takes about half as long. Each layer's
    /// pre-activation then differs from float32's by at most 2⁻⁸·Σ_k |θ_ik·x_k| (plus float32 rounding).
    /// </summary>
    BFloat16 = 1,
}
