namespace SimdBackprop;

/// <summary>How <see cref="Network.Initialize"/> draws the weights (biases start at zero).</summary>
public enum WeightInit
{
    /// <summary>Glorot/Xavier uniform: U(−a, a), a = √(6 / (in + out)). Suits sigmoid and tanh.</summary>
    GlorotUniform = 0,

    /// <summary>Glorot/Xavier normal: N(0, 2 / (in + out)).</summary>
    GlorotNormal,

    /// <summary>He/Kaiming uniform (fan in, ReLU gain): U(−a, a), a = √(6 / in).</summary>
    HeUniform,

    /// <summary>He/Kaiming normal (fan in, ReLU gain): N(0, 2 / in). Suits ReLU-like activations.</summary>
    HeNormal,
}
