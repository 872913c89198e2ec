using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SimdBackprop.Benchmarks.Reporting;

/// <summary>Base of the columns computed from a report's mean time and the facts its process published.</summary>
public abstract class PublishedColumn(string id, string header, string legend) : IColumn
{
    public string Id => id;

    public string ColumnName => header;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => legend;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => Compute(summary, benchmarkCase) ?? "-";

    public override string ToString() => ColumnName;

    /// <summary>The cell, or null for "-".</summary>
    protected abstract string? Compute(Summary summary, BenchmarkCase benchmarkCase);

    /// <summary>
    /// GFLOP/s of the case: published flops per invocation over the median time. The median, not the mean:
    /// on a shared 2-vCPU guest a few preempted iterations move the mean by 10–20 % between identical runs,
    /// the same for every peer in the run; the median is what a call usually costs.
    /// </summary>
    /// <remarks><paramref name="fastest"/>: from the fastest iteration instead (as the probes take their best pass).</remarks>
    protected static double? Gflops(Summary summary, BenchmarkCase benchmarkCase, bool fastest = false)
    {
        double? flops = RunLog.FindNumber(summary, benchmarkCase, RunLog.Flops);
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        double? ns = fastest ? statistics?.Min : statistics?.Median;
        return flops is > 0 && ns is > 0 ? flops.Value / ns.Value : null; // flop/ns = GFLOP/s
    }

    /// <summary>GFLOP/s as a percentage of the rate (GFLOP/s) the same process published under <paramref name="key"/>.</summary>
    protected static string? PercentOf(Summary summary, BenchmarkCase benchmarkCase, string key, bool fastest = false) =>
        Gflops(summary, benchmarkCase, fastest) is double g && RunLog.FindNumber(summary, benchmarkCase, key) is double rate and > 0
            ? Format(100 * g / rate, "F1")
            : null;

    protected static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}

/// <summary>"GFLOP/s": the flops of one invocation (published by the benchmark's GlobalSetup) over the median time.</summary>
public sealed class GflopsColumn() : PublishedColumn(
    "SimdBackprop.Gflops", "GFLOP/s", "Floating-point operations (2·m·n·k per product) per second, from the median time")
{
    protected override string? Compute(Summary summary, BenchmarkCase benchmarkCase) =>
        Gflops(summary, benchmarkCase) is double g ? Format(g, g >= 100 ? "F0" : g >= 10 ? "F1" : "F2") : null;
}

/// <summary>"% of peak": GFLOP/s over the FMA peak the same benchmark process measured at its own tier.</summary>
public sealed class PercentOfPeakColumn() : PublishedColumn(
    "SimdBackprop.PercentOfPeak", "% of peak", "GFLOP/s as a percentage of the FMA-probe peak measured in the same process, at its tier")
{
    protected override string? Compute(Summary summary, BenchmarkCase benchmarkCase) => PercentOf(summary, benchmarkCase, RunLog.PeakGflops);
}

/// <summary>"% of bound": a batch-1 product's GFLOP/s over its bandwidth bound measured in the same process.</summary>
public sealed class PercentOfBoundColumn() : PublishedColumn(
    "SimdBackprop.PercentOfBound", "% of bound", "Batch 1 only: GFLOP/s as a percentage of streaming the weight-sized operand once at the rate the same process measured")
{
    protected override string? Compute(Summary summary, BenchmarkCase benchmarkCase) => PercentOf(summary, benchmarkCase, RunLog.BoundGflops);
}

/// <summary>
/// "% of bound, fastest": the same from the fastest iteration. The bandwidth probe keeps its best pass, so this
/// compares like with like; on a shared guest a sub-microsecond call's median carries the host's interruptions.
/// </summary>
public sealed class PercentOfBoundFastestColumn() : PublishedColumn(
    "SimdBackprop.PercentOfBoundFastest", "% of bound, fastest", "Batch 1 only: % of bound from the fastest iteration (the probe's rate is its best pass too)")
{
    protected override string? Compute(Summary summary, BenchmarkCase benchmarkCase) => PercentOf(summary, benchmarkCase, RunLog.BoundGflops, fastest: true);
}

/// <summary>"Peak GFLOP/s": the FMA-probe peak of the process, so every percentage can be checked by hand.</summary>
public sealed class PeakColumn() : PublishedColumn(
    "SimdBackprop.Peak", "Peak GFLOP/s", "FMA-probe peak of one core at the job's tier, measured in the benchmark's own process")
{
    protected override string? Compute(Summary summary, BenchmarkCase benchmarkCase) =>
        RunLog.FindNumber(summary, benchmarkCase, RunLog.PeakGflops) is double peak ? Format(peak, "F0") : null;
}

/// <summary>"PyTorch ms": the median step time of the PyTorch script run by the same benchmark process.</summary>
public sealed class PyTorchTimeColumn() : PublishedColumn(
    "SimdBackprop.PyTorchMs", "PyTorch ms", "Median time of the same training step in PyTorch (one thread), run by the benchmark process in GlobalSetup")
{
    protected override string? Compute(Summary summary, BenchmarkCase benchmarkCase) =>
        RunLog.FindNumber(summary, benchmarkCase, RunLog.PyTorchMedianMs) is double ms ? Format(ms, "F3") : null;
}

/// <summary>"PyTorch/ours": PyTorch's median over ours; above 1 means SimdBackprop is faster.</summary>
public sealed class PyTorchRatioColumn() : PublishedColumn(
    "SimdBackprop.PyTorchRatio", "PyTorch/ours", "PyTorch median time / SimdBackprop median time (> 1: SimdBackprop faster)")
{
    protected override string? Compute(Summary summary, BenchmarkCase benchmarkCase)
    {
        double? torchMs = RunLog.FindNumber(summary, benchmarkCase, RunLog.PyTorchMedianMs);
        double? oursNs = summary[benchmarkCase]?.ResultStatistics?.Median;
        return torchMs is > 0 && oursNs is > 0 ? Format(torchMs.Value * 1e6 / oursNs.Value, "F2") : null;
    }
}

/// <summary>"Call p50 µs" or "Call p99 µs": a percentile of single timed calls the benchmark process ran after its
/// BenchmarkDotNet iterations (which time batches of calls, so their percentiles are of batch means).</summary>
public sealed class CallPercentileColumn(string key, string header) : PublishedColumn(
    "SimdBackprop." + key, header, header + ": percentile of single calls timed one by one after the benchmark's iterations, same process")
{
    protected override string? Compute(Summary summary, BenchmarkCase benchmarkCase) =>
        RunLog.FindNumber(summary, benchmarkCase, key) is double us ? Format(us, us >= 100 ? "F1" : "F2") : null;
}
