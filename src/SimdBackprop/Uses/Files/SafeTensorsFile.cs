namespace SimdBackprop;

/// <summary>The contents of a safetensors file: float32 tensors by name and the <c>__metadata__</c> strings.</summary>
public sealed class SafeTensorsFile
{
    internal SafeTensorsFile(IReadOnlyList<string> names, IReadOnlyDictionary<string, FloatTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Names = names;
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>Tensor names in the order of their data in the file.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Tensors by name.</summary>
    public IReadOnlyDictionary<string, FloatTensor> Tensors { get; }

    /// <summary>The <c>__metadata__</c> string map (empty if the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
