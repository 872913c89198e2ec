using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Benchmarks.Reporting;

/// <summary>
/// How fast this process streams a buffer of a given size from wherever it lives when hot (L2 for the
/// dense-layer weights: 784×256 floats are 0.8 MB of the 1 MiB L2): the bound of a batch-1 product, which
/// reads each weight (forward, δ·W) or writes each gradient (rank-1 δᵀ·x) exactly once. The buffer is
/// 64-byte aligned, so no load or store straddles a cache line: the bound is the hardware's, not that of a
/// .NET array placed 8 bytes off a line (with such an array and 256-bit loads this probe measured ≈ 180 GB/s
/// on the Zen 5 machine, against ≈ 270–280 aligned). Reads are summed a whole vector at a time (512 bits where
/// the process runs that width) into four accumulators (TensorPrimitives.Sum streams at only ~5 GB/s here),
/// writes are Span.Fill.
/// Best of repeated passes over <c>budget</c>, like the FMA probe.
/// </summary>
public static unsafe class BandwidthProbe
{
    /// <summary>Best read rate over the buffer, GB/s.</summary>
    public static double ReadGBs(long bytes, TimeSpan budget)
    {
        long count = bytes / sizeof(float) / 64 * 64; // whole groups of four 512-bit vectors
        float* buffer = (float*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(float)), 64);
        try
        {
            new Span<float>(buffer, (int)count).Fill(1);
            float sink = 0;
            double best = Measure(budget, count * sizeof(float), () => sink += Sum(buffer, count));
            GC.KeepAlive(sink);
            return best;
        }
        finally
        {
            NativeMemory.AlignedFree(buffer);
        }
    }

    /// <summary>Best write rate over the buffer, GB/s.</summary>
    public static double WriteGBs(long bytes, TimeSpan budget)
    {
        long count = bytes / sizeof(float);
        float* buffer = (float*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(float)), 64);
        try
        {
            float value = 0;
            return Measure(budget, count * sizeof(float), () => new Span<float>(buffer, (int)count).Fill(value++));
        }
        finally
        {
            NativeMemory.AlignedFree(buffer);
        }
    }

    /// <summary>Sum of count floats (a multiple of 64), four independent accumulators of the widest accelerated width.</summary>
    private static float Sum(float* buffer, long count)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (long i = 0; i < count; i += 64)
            {
                s0 += Vector512.LoadAligned(buffer + i);
                s1 += Vector512.LoadAligned(buffer + i + 16);
                s2 += Vector512.LoadAligned(buffer + i + 32);
                s3 += Vector512.LoadAligned(buffer + i + 48);
            }

            return Vector512.Sum((s0 + s1) + (s2 + s3));
        }

        Vector256<float> t0 = default, t1 = default, t2 = default, t3 = default;
        for (long i = 0; i < count; i += 32)
        {
            t0 += Vector256.LoadAligned(buffer + i);
            t1 += Vector256.LoadAligned(buffer + i + 8);
            t2 += Vector256.LoadAligned(buffer + i + 16);
            t3 += Vector256.LoadAligned(buffer + i + 24);
        }

        return Vector256.Sum((t0 + t1) + (t2 + t3));
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
