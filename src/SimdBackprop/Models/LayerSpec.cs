namespace SimdBackprop;

/// <summary>One dense layer of a <see cref="Network"/>: how many outputs it has and which σ it applies.</summary>
/// <param name="Size">Output features of the layer (positive).</param>
/// <param name="Activation">σ of the layer.</param>
public readonly record struct LayerSpec(int Size, Activation Activation);
