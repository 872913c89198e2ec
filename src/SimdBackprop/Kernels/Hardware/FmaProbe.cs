using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace SimdBackprop;

/// <summary>
/// Measures the peak multiply-add throughput of one core at this process's tier, so kernel speeds can be
/// reported as a percentage of what the hardware really does here (not of a data-sheet figure): 12
/// independent accumulator chains (enough to cover a 4-cycle FMA latency on two or three pipes), counted as
/// 2 flops per lane. The 128-bit and scalar tiers count a multiply and an add, as their kernels do.
/// </summary>
public static class FmaProbe
{
    private const int Iterations = 1 << 20;

    private static float observed;

    /// <summary>The best single-thread rate over repeated runs within <paramref name="budget"/>, in GFLOP/s.</summary>
    /// <param name="budget">How long to keep measuring (at least one run is made).</param>
    /// <returns>GFLOP/s at <see cref="Simd.HardwareTier"/>.</returns>
    public static double PeakGflops(TimeSpan budget)
    {
        double best = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            long start = Stopwatch.GetTimestamp();
            double flops = RunOnce();
            best = Math.Max(best, flops / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9);
        }
        while (clock.Elapsed < budget);
        return best;
    }

    /// <summary>One fixed run of the probe (about 2²⁰ iterations of 12 chains) at <see cref="Simd.HardwareTier"/>, for benchmark harnesses that time it themselves.</summary>
    /// <returns>The floating-point operations it performed.</returns>
    public static double RunOnce()
    {
        (float sink, int lanes) = Simd.HardwareTier switch
        {
            SimdTier.Vector512 => (Run512(), Vector512<float>.Count),
            SimdTier.Vector256 => (Run256(), Vector256<float>.Count),
            SimdTier.Vector128 => (Run128(), Vector128<float>.Count),
            _ => (RunScalar(), 1),
        };
        Volatile.Write(ref observed, sink); // keeps the chains from being optimized away
        return 12.0 * 2 * lanes * Iterations;
    }

    private static float Run512()
    {
        Vector512<float> m = Vector512.Create(0.999999f), c = Vector512.Create(1e-7f);
        Vector512<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (int i = 0; i < Iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c); a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c); a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c); a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c); a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c); a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c); a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    private static float Run256()
    {
        Vector256<float> m = Vector256.Create(0.999999f), c = Vector256.Create(1e-7f);
        Vector256<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (int i = 0; i < Iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c); a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c); a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c); a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c); a7 = Vector256.FusedMultiplyAdd(a7, m, c);
            a8 = Vector256.FusedMultiplyAdd(a8, m, c); a9 = Vector256.FusedMultiplyAdd(a9, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c); a11 = Vector256.FusedMultiplyAdd(a11, m, c);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    // Without AVX2 the runtime offers no FMA instruction; the SSE tier's multiply-add is a multiply and an add.
    private static float Run128()
    {
        Vector128<float> m = Vector128.Create(0.999999f), c = Vector128.Create(1e-7f);
        Vector128<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (int i = 0; i < Iterations; i++)
        {
            a0 = (a0 * m) + c; a1 = (a1 * m) + c; a2 = (a2 * m) + c; a3 = (a3 * m) + c;
            a4 = (a4 * m) + c; a5 = (a5 * m) + c; a6 = (a6 * m) + c; a7 = (a7 * m) + c;
            a8 = (a8 * m) + c; a9 = (a9 * m) + c; a10 = (a10 * m) + c; a11 = (a11 * m) + c;
        }

        return Vector128.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    private static float RunScalar()
    {
        float m = 0.999999f, c = 1e-7f;
        float a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (int i = 0; i < Iterations; i++)
        {
            a0 = (a0 * m) + c; a1 = (a1 * m) + c; a2 = (a2 * m) + c; a3 = (a3 * m) + c;
            a4 = (a4 * m) + c; a5 = (a5 * m) + c; a6 = (a6 * m) + c; a7 = (a7 * m) + c;
            a8 = (a8 * m) + c; a9 = (a9 * m) + c; a10 = (a10 * m) + c; a11 = (a11 * m) + c;
        }

        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
    }
}
