using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Benchmarks.Reporting;

/// <summary>
/// How fast this process streams a buffer of a given size from wherever it lives when hot (L2 for the
/// dense-layer weights: 784×256 floats are 0.8 MB of the 1 MiB L2): the bound of a batch-1 product, which
/// reads each weight (forward, δ·W) or writes each gradient (rank-1 δᵀ·x) exactly once. Reads are summed
/// 256 bits at a time into four accumulators (TensorPrimitives.Sum streams at only ~5 GB/s here), writes are
/// Span.Fill.
/// Best of repeated passes over <c>budget</c>, like the FMA probe.
/// </summary>
public static class BandwidthProbe
{
    /// <summary>Best read rate over the buffer, GB/s.</summary>
    public static double ReadGBs(long bytes, TimeSpan budget)
    {
        float[] buffer = new float[bytes / sizeof(float)];
        buffer.AsSpan().Fill(1);
        float sink = 0;
        double best = Measure(budget, bytes, () => sink += Sum(buffer));
        GC.KeepAlive(sink);
        return best;
    }

    /// <summary>Best write rate over the buffer, GB/s.</summary>
    public static double WriteGBs(long bytes, TimeSpan budget)
    {
        float[] buffer = new float[bytes / sizeof(float)];
        float value = 0;
        return Measure(budget, bytes, () => buffer.AsSpan().Fill(value++));
    }

    /// <summary>Sum of the buffer (length a multiple of 32), four independent 256-bit accumulators.</summary>
    private static float Sum(float[] buffer)
    {
        ref float start = ref MemoryMarshal.GetArrayDataReference(buffer);
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
        for (nuint i = 0; i + 32 <= (nuint)buffer.Length; i += 32)
        {
            s0 += Vector256.LoadUnsafe(ref start, i);
            s1 += Vector256.LoadUnsafe(ref start, i + 8);
            s2 += Vector256.LoadUnsafe(ref start, i + 16);
            s3 += Vector256.LoadUnsafe(ref start, i + 24);
        }

        return Vector256.Sum((s0 + s1) + (s2 + s3));
    }

    private static double Measure(TimeSpan budget, long bytes, Action pass)
    {
        for (int i = 0; i < 10; i++)
        {
            pass(); // warm the buffer into cache and the code into tier 1
        }

        double bestSeconds = double.MaxValue;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < budget)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < 8; i++)
            {
                pass();
            }

            bestSeconds = Math.Min(bestSeconds, Stopwatch.GetElapsedTime(start).TotalSeconds / 8);
        }

        return bytes / bestSeconds / 1e9;
    }
}
