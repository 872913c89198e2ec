using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.Elementwise.Losses;

/// <summary>
/// The largest value of a row (the softmax shift), at the thread's tier. Max is idempotent, so the tail is
/// simply the overlapping last vector folded in again (no mask). NaN propagates (IEEE 754-2019 maximum, as
/// Vector*.Max and MathF.Max implement), so a NaN logit gives a NaN loss instead of being skipped.
/// Empty rows give −∞.
/// </summary>
internal static class RowMax
{
    public static float Max(ReadOnlySpan<float> x)
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        nuint length = (nuint)x.Length;
        SimdTier tier = Simd.Tier;
        if (Vector512.IsHardwareAccelerated && tier >= SimdTier.Vector512 && length >= (nuint)Vector512<float>.Count)
        {
            return Max512(ref xs, length);
        }

        if (Vector256.IsHardwareAccelerated && tier >= SimdTier.Vector256 && length >= (nuint)Vector256<float>.Count)
        {
            return Max256(ref xs, length);
        }

        if (Vector128.IsHardwareAccelerated && tier >= SimdTier.Vector128 && length >= (nuint)Vector128<float>.Count)
        {
            return Max128(ref xs, length);
        }

        float max = float.NegativeInfinity;
        for (nuint i = 0; i < length; i++)
        {
            max = MathF.Max(max, Unsafe.Add(ref xs, i));
        }

        return max;
    }

    private static float Max512(ref float x, nuint length)
    {
        nuint w = (nuint)Vector512<float>.Count;
        Vector512<float> max = Vector512.LoadUnsafe(ref x, length - w);
        for (nuint i = 0; i + w <= length; i += w)
        {
            max = Vector512.Max(max, Vector512.LoadUnsafe(ref x, i));
        }

        float m = max.GetElement(0);
        for (int k = 1; k < Vector512<float>.Count; k++)
        {
            m = MathF.Max(m, max.GetElement(k));
        }

        return m;
    }

    private static float Max256(ref float x, nuint length)
    {
        nuint w = (nuint)Vector256<float>.Count;
        Vector256<float> max = Vector256.LoadUnsafe(ref x, length - w);
        for (nuint i = 0; i + w <= length; i += w)
        {
            max = Vector256.Max(max, Vector256.LoadUnsafe(ref x, i));
        }

        float m = max.GetElement(0);
        for (int k = 1; k < Vector256<float>.Count; k++)
        {
            m = MathF.Max(m, max.GetElement(k));
        }

        return m;
    }

    private static float Max128(ref float x, nuint length)
    {
        nuint w = (nuint)Vector128<float>.Count;
        Vector128<float> max = Vector128.LoadUnsafe(ref x, length - w);
        for (nuint i = 0; i + w <= length; i += w)
        {
            max = Vector128.Max(max, Vector128.LoadUnsafe(ref x, i));
        }

        float m = max.GetElement(0);
        for (int k = 1; k < Vector128<float>.Count; k++)
        {
            m = MathF.Max(m, max.GetElement(k));
        }

        return m;
    }
}
