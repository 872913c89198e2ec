using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SimdBackprop.Benchmarks.Reporting;

/// <summary>
/// Facts a benchmark process states about itself (its FMA peak, the flops of one invocation, a peer's time),
/// printed in GlobalSetup as <c>// SimdBackprop.key: value</c> lines and read back by the columns from the
/// standard output BenchmarkDotNet keeps for every report. Each figure therefore comes from the very process
/// (tier, moment, machine load) whose benchmark it annotates, and needs no shared file or static state.
/// </summary>
public static class RunLog
{
    private const string Prefix = "// SimdBackprop.";

    /// <summary>The FMA peak of this process's tier in GFLOP/s (<see cref="FmaProbe.PeakGflops"/>).</summary>
    public const string PeakGflops = "peak-gflops";

    /// <summary>A batch-1 product's bandwidth bound in GFLOP/s: its flops over the time to stream its weight-sized operand once.</summary>
    public const string BoundGflops = "bound-gflops";

    /// <summary>The rate (GB/s) behind <see cref="BoundGflops"/>, from <see cref="BandwidthProbe"/>.</summary>
    public const string BandwidthGBs = "bandwidth-gbs";

    /// <summary>Floating-point operations of one benchmark invocation.</summary>
    public const string Flops = "flops";

    /// <summary>PyTorch's median time of the same work in milliseconds.</summary>
    public const string PyTorchMedianMs = "pytorch-median-ms";

    /// <summary>PyTorch's best time of the same work in milliseconds.</summary>
    public const string PyTorchBestMs = "pytorch-best-ms";

    /// <summary>Why PyTorch gave no figure.</summary>
    public const string PyTorchMissing = "pytorch-missing";

    /// <summary>The median of single timed calls after the benchmark's own run, in microseconds.</summary>
    public const string CallP50Us = "call-p50-us";

    /// <summary>The 99th percentile of the same single timed calls, in microseconds.</summary>
    public const string CallP99Us = "call-p99-us";

    /// <summary>Prints one fact for the columns of the host process.</summary>
    public static void Publish(string key, double value) => Publish(key, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Prints one fact for the columns of the host process.</summary>
    public static void Publish(string key, string value) => Console.WriteLine($"{Prefix}{key}: {value}");

    /// <summary>The last value the benchmark process of <paramref name="benchmarkCase"/> published under <paramref name="key"/>.</summary>
    public static string? Find(Summary summary, BenchmarkCase benchmarkCase, string key)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        if (report is null)
        {
            return null;
        }

        string tag = Prefix + key + ": ";
        string? found = null;
        foreach (var result in report.ExecuteResults)
        {
            foreach (string line in result.StandardOutput)
            {
                if (line.StartsWith(tag, StringComparison.Ordinal))
                {
                    found = line[tag.Length..].Trim();
                }
            }
        }

        return found;
    }

    /// <summary>A published number, or null when the process published none.</summary>
    public static double? FindNumber(Summary summary, BenchmarkCase benchmarkCase, string key) =>
        double.TryParse(Find(summary, benchmarkCase, key), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;
}
