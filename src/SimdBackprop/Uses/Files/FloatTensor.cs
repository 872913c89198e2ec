namespace SimdBackprop;

/// <summary>A named file's float32 tensor: its shape and its elements, row-major (C order).</summary>
public sealed class FloatTensor
{
    private readonly int[] shape;

    /// <summary>Wraps <paramref name="data"/> (not copied) with a copy of <paramref name="shape"/>.</summary>
    /// <param name="shape">Dimensions, each non-negative; empty for a scalar (one element).</param>
    /// <param name="data">The elements; its length must be the product of the dimensions.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A negative dimension, or the element count disagrees with the shape.</exception>
    public FloatTensor(ReadOnlySpan<int> shape, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Dimension {d} is negative.", nameof(shape));
            }

            count = d == 0 ? 0 : count > int.MaxValue ? count : count * d; // stays exact up to int.MaxValue², then saturates above any array length
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"Shape [{string.Join(", ", shape.ToArray())}] holds {count} elements; data has {data.Length}.", nameof(data));
        }

        this.shape = shape.ToArray();
        Data = data;
    }

    /// <summary>The dimensions (empty for a scalar).</summary>
    public IReadOnlyList<int> Shape => shape;

    /// <summary>The elements, row-major.</summary>
    public float[] Data { get; }

    /// <summary>The shape as text, e.g. <c>[3, 4]</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"[{string.Join(", ", shape)}]";
}
