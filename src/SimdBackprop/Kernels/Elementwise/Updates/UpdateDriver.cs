using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.Threading;

namespace SimdBackprop.Kernels.Elementwise.Updates;

/// <summary>Walks θ, g and the rule's state spans at the widest allowed width; the tail in scalar code.</summary>
internal static class UpdateDriver
{
    /// <summary>
    /// Applies <paramref name="rule"/> to every element on up to <paramref name="degreeOfParallelism"/> threads
    /// (1: this one), cut at cache lines: each element's update is the single-threaded one.
    /// </summary>
    public static unsafe void Run<TRule>(TRule rule, Span<float> theta, ReadOnlySpan<float> gradient, Span<float> first, Span<float> second, int degreeOfParallelism)
        where TRule : struct, IUpdateRule
    {
        if (degreeOfParallelism == 1)
        {
            Run(rule, theta, gradient, first, second);
            return;
        }

        fixed (float* t = theta, g = gradient, m = first, v = second)
        {
            ForkJoin.RunRange(new UpdateRange<TRule>(rule, t, g, m, v), theta.Length, 1, ForkJoin.MinElementsPerThread, ForkJoin.FloatsPerLine, degreeOfParallelism);
        }
    }

    /// <summary>Applies <paramref name="rule"/> to every element. Spans validated by the caller; unused state spans may be empty.</summary>
    public static void Run<TRule>(TRule rule, Span<float> theta, ReadOnlySpan<float> gradient, Span<float> first, Span<float> second)
        where TRule : struct, IUpdateRule
    {
        ref float t = ref MemoryMarshal.GetReference(theta);
        ref float g = ref MemoryMarshal.GetReference(gradient);

        // A rule that does not use a state never loads it: point it at θ so the reference is always valid.
        ref float m = ref rule.UsesFirstState ? ref MemoryMarshal.GetReference(first) : ref t;
        ref float v = ref rule.UsesSecondState ? ref MemoryMarshal.GetReference(second) : ref t;
        nuint length = (nuint)theta.Length;
        nuint i = 0;
        SimdTier tier = Simd.Tier;
        if (Vector512.IsHardwareAccelerated && tier >= SimdTier.Vector512)
        {
            i = Run512(rule, ref t, ref g, ref m, ref v, length);
        }
        else if (Vector256.IsHardwareAccelerated && tier >= SimdTier.Vector256)
        {
            i = Run256(rule, ref t, ref g, ref m, ref v, length);
        }
        else if (Vector128.IsHardwareAccelerated && tier >= SimdTier.Vector128)
        {
            i = Run128(rule, ref t, ref g, ref m, ref v, length);
        }

        for (; i < length; i++)
        {
            rule.Update(ref Unsafe.Add(ref t, i), Unsafe.Add(ref g, i), ref Unsafe.Add(ref m, i), ref Unsafe.Add(ref v, i));
        }
    }

    // The three widths differ only in the vector type; each returns how far it got.
    private static nuint Run512<TRule>(TRule rule, ref float t, ref float g, ref float m, ref float v, nuint length)
        where TRule : struct, IUpdateRule
    {
        nuint w = (nuint)Vector512<float>.Count, i = 0;
        for (; i + w <= length; i += w)
        {
            Vector512<float> theta = Vector512.LoadUnsafe(ref t, i);
            Vector512<float> first = rule.UsesFirstState ? Vector512.LoadUnsafe(ref m, i) : default;
            Vector512<float> second = rule.UsesSecondState ? Vector512.LoadUnsafe(ref v, i) : default;
            rule.Update(ref theta, Vector512.LoadUnsafe(ref g, i), ref first, ref second);
            theta.StoreUnsafe(ref t, i);
            if (rule.UsesFirstState)
            {
                first.StoreUnsafe(ref m, i);
            }

            if (rule.UsesSecondState)
            {
                second.StoreUnsafe(ref v, i);
            }
        }

        return i;
    }

    private static nuint Run256<TRule>(TRule rule, ref float t, ref float g, ref float m, ref float v, nuint length)
        where TRule : struct, IUpdateRule
    {
        nuint w = (nuint)Vector256<float>.Count, i = 0;
        for (; i + w <= length; i += w)
        {
            Vector256<float> theta = Vector256.LoadUnsafe(ref t, i);
            Vector256<float> first = rule.UsesFirstState ? Vector256.LoadUnsafe(ref m, i) : default;
            Vector256<float> second = rule.UsesSecondState ? Vector256.LoadUnsafe(ref v, i) : default;
            rule.Update(ref theta, Vector256.LoadUnsafe(ref g, i), ref first, ref second);
            theta.StoreUnsafe(ref t, i);
            if (rule.UsesFirstState)
            {
                first.StoreUnsafe(ref m, i);
            }

            if (rule.UsesSecondState)
            {
                second.StoreUnsafe(ref v, i);
            }
        }

        return i;
    }

    private static nuint Run128<TRule>(TRule rule, ref float t, ref float g, ref float m, ref float v, nuint length)
        where TRule : struct, IUpdateRule
    {
        nuint w = (nuint)Vector128<float>.Count, i = 0;
        for (; i + w <= length; i += w)
        {
            Vector128<float> theta = Vector128.LoadUnsafe(ref t, i);
            Vector128<float> first = rule.UsesFirstState ? Vector128.LoadUnsafe(ref m, i) : default;
            Vector128<float> second = rule.UsesSecondState ? Vector128.LoadUnsafe(ref v, i) : default;
            rule.Update(ref theta, Vector128.LoadUnsafe(ref g, i), ref first, ref second);
            theta.StoreUnsafe(ref t, i);
            if (rule.UsesFirstState)
            {
                first.StoreUnsafe(ref m, i);
            }

            if (rule.UsesSecondState)
            {
                second.StoreUnsafe(ref v, i);
            }
        }

        return i;
    }
}
