using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.Elementwise;

/// <summary>
/// The element-wise drivers: one per arity, each picking the widest allowed width that fits the length.
/// Callers validate lengths and overlap first; <c>destination</c> may be exactly one of the inputs (in place)
/// because the overlapping last vector is computed before anything is stored.
/// </summary>
internal static partial class ElementwiseDriver
{
    /// <summary>destination[i] = op(x[i]) for i &lt; x.Length.</summary>
    public static void Unary<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> destination)
        where TOp : struct, IUnaryOperator
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ds = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)x.Length;
        SimdTier tier = Simd.Tier;
        if (Vector512.IsHardwareAccelerated && tier >= SimdTier.Vector512 && length >= (nuint)Vector512<float>.Count)
        {
            Unary512(op, ref xs, ref ds, length);
        }
        else if (Vector256.IsHardwareAccelerated && tier >= SimdTier.Vector256 && length >= (nuint)Vector256<float>.Count)
        {
            Unary256(op, ref xs, ref ds, length);
        }
        else if (Vector128.IsHardwareAccelerated && tier >= SimdTier.Vector128 && length >= (nuint)Vector128<float>.Count)
        {
            Unary128(op, ref xs, ref ds, length);
        }
        else
        {
            UnaryScalar(op, ref xs, ref ds, length);
        }
    }

    /// <summary>destination[i] = op(x[i], y[i]) for i &lt; x.Length.</summary>
    public static void Binary<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOp : struct, IBinaryOperator
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float ds = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)x.Length;
        SimdTier tier = Simd.Tier;
        if (Vector512.IsHardwareAccelerated && tier >= SimdTier.Vector512 && length >= (nuint)Vector512<float>.Count)
        {
            Binary512(op, ref xs, ref ys, ref ds, length);
        }
        else if (Vector256.IsHardwareAccelerated && tier >= SimdTier.Vector256 && length >= (nuint)Vector256<float>.Count)
        {
            Binary256(op, ref xs, ref ys, ref ds, length);
        }
        else if (Vector128.IsHardwareAccelerated && tier >= SimdTier.Vector128 && length >= (nuint)Vector128<float>.Count)
        {
            Binary128(op, ref xs, ref ys, ref ds, length);
        }
        else
        {
            BinaryScalar(op, ref xs, ref ys, ref ds, length);
        }
    }

    /// <summary>destination[i] = op(x[i], y[i], z[i]) for i &lt; x.Length.</summary>
    public static void Ternary<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> destination)
        where TOp : struct, ITernaryOperator
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float zs = ref MemoryMarshal.GetReference(z);
        ref float ds = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)x.Length;
        SimdTier tier = Simd.Tier;
        if (Vector512.IsHardwareAccelerated && tier >= SimdTier.Vector512 && length >= (nuint)Vector512<float>.Count)
        {
            Ternary512(op, ref xs, ref ys, ref zs, ref ds, length);
        }
        else if (Vector256.IsHardwareAccelerated && tier >= SimdTier.Vector256 && length >= (nuint)Vector256<float>.Count)
        {
            Ternary256(op, ref xs, ref ys, ref zs, ref ds, length);
        }
        else if (Vector128.IsHardwareAccelerated && tier >= SimdTier.Vector128 && length >= (nuint)Vector128<float>.Count)
        {
            Ternary128(op, ref xs, ref ys, ref zs, ref ds, length);
        }
        else
        {
            TernaryScalar(op, ref xs, ref ys, ref zs, ref ds, length);
        }
    }

    /// <summary>Σ op(x[i], y[i]) over i &lt; x.Length, accumulated in vectors (the order differs per width).</summary>
    public static float SumBinary<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        where TOp : struct, IBinaryOperator
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        nuint length = (nuint)x.Length;
        SimdTier tier = Simd.Tier;
        if (Vector512.IsHardwareAccelerated && tier >= SimdTier.Vector512 && length >= (nuint)Vector512<float>.Count)
        {
            return SumBinary512(op, ref xs, ref ys, length);
        }

        if (Vector256.IsHardwareAccelerated && tier >= SimdTier.Vector256 && length >= (nuint)Vector256<float>.Count)
        {
            return SumBinary256(op, ref xs, ref ys, length);
        }

        if (Vector128.IsHardwareAccelerated && tier >= SimdTier.Vector128 && length >= (nuint)Vector128<float>.Count)
        {
            return SumBinary128(op, ref xs, ref ys, length);
        }

        return SumBinaryScalar(op, ref xs, ref ys, length);
    }

    private static void UnaryScalar<TOp>(TOp op, ref float x, ref float d, nuint length)
        where TOp : struct, IUnaryOperator
    {
        for (nuint i = 0; i < length; i++)
        {
            Unsafe.Add(ref d, i) = op.Invoke(Unsafe.Add(ref x, i));
        }
    }

    private static void BinaryScalar<TOp>(TOp op, ref float x, ref float y, ref float d, nuint length)
        where TOp : struct, IBinaryOperator
    {
        for (nuint i = 0; i < length; i++)
        {
            Unsafe.Add(ref d, i) = op.Invoke(Unsafe.Add(ref x, i), Unsafe.Add(ref y, i));
        }
    }

    private static void TernaryScalar<TOp>(TOp op, ref float x, ref float y, ref float z, ref float d, nuint length)
        where TOp : struct, ITernaryOperator
    {
        for (nuint i = 0; i < length; i++)
        {
            Unsafe.Add(ref d, i) = op.Invoke(Unsafe.Add(ref x, i), Unsafe.Add(ref y, i), Unsafe.Add(ref z, i));
        }
    }

    private static float SumBinaryScalar<TOp>(TOp op, ref float x, ref float y, nuint length)
        where TOp : struct, IBinaryOperator
    {
        float sum = 0;
        for (nuint i = 0; i < length; i++)
        {
            sum += op.Invoke(Unsafe.Add(ref x, i), Unsafe.Add(ref y, i));
        }

        return sum;
    }
}
