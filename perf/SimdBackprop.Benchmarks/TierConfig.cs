using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using SimdBackprop.Benchmarks.Reporting;
using SimdBackprop.Kernels.MatrixProducts.MicroKernels;

namespace SimdBackprop.Benchmarks;

/// <summary>
/// One job per SIMD tier leg of <see cref="SimdLeg.All"/> (environment variables set on the benchmark process), with
/// MemoryDiagnoser. Each benchmark class calls <see cref="TierCheck.Verify"/> in its GlobalSetup, which logs
/// the tier the process really runs, fails the job if it is not the one the job asked for, and measures the
/// FMA peak of that tier for the "% of peak" column.
/// <para>
/// For smoke runs: <c>SIMDBACKPROP_TIERS=V512,V128</c> (job ids, comma-separated) keeps only those legs;
/// <c>SIMDBACKPROP_SHAPES="square 256;fwd b32 784->256"</c> (';'-separated names) keeps only those
/// <see cref="GemmShape"/> parameters. (<c>--job short</c> on the command line would add a job next to the
/// legs, not shorten them.)
/// </para>
/// </summary>
public class TierConfig : ManualConfig
{
    /// <summary>Environment variable listing the tier legs (job ids) to keep; unset keeps all.</summary>
    public const string TiersVariable = "SIMDBACKPROP_TIERS";

    /// <summary>Environment variable listing the GEMM shapes to keep (';'-separated names); unset keeps all.</summary>
    public const string ShapesVariable = "SIMDBACKPROP_SHAPES";

    /// <summary>The id of the default leg (the machine's widest tier), where native and managed peers run.</summary>
    public static readonly string DefaultLeg = SimdLeg.All[0].Id;

    public TierConfig()
        : this(Job.Default)
    {
    }

    /// <summary>Every selected tier leg as a copy of <paramref name="runLength"/> (its warm-up/iteration settings).</summary>
    protected TierConfig(Job runLength)
    {
        foreach (Job leg in Legs(runLength))
        {
            AddJob(leg);
        }

        string[]? shapes = Environment.GetEnvironmentVariable(ShapesVariable)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (shapes is { Length: > 0 })
        {
            AddFilter(new SimpleFilter(benchmarkCase => benchmarkCase.Parameters.Items.Select(p => p.Value).OfType<GemmShape>().All(shape => shapes.Contains(shape.Name, StringComparer.OrdinalIgnoreCase))));
        }

        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, new GflopsColumn(), new PercentOfPeakColumn(), new PeakColumn());
        HideColumns(Column.EnvironmentVariables);
    }

    /// <summary>The tier legs kept by <see cref="TiersVariable"/>, the default leg as the baseline job.</summary>
    public static IEnumerable<Job> Legs(Job runLength)
    {
        string[]? keep = Environment.GetEnvironmentVariable(TiersVariable)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        IEnumerable<Job> all = SimdLeg.All.Select(leg => leg.Variable is null ? Leg(runLength, leg).AsBaseline() : Leg(runLength, leg));
        return keep is null or [] ? all : all.Where(job => keep.Contains(job.Id, StringComparer.OrdinalIgnoreCase));
    }

    private static Job Leg(Job runLength, SimdLeg leg)
    {
        var variables = new List<EnvironmentVariable> { new(TierCheck.ExpectedVariable, leg.ExpectedTier.ToString()) };
        if (leg.Variable is not null)
        {
            variables.Add(new EnvironmentVariable(leg.Variable, leg.Value!));
        }

        return runLength.WithId(leg.Id).WithEnvironmentVariables([.. variables]);
    }
}

/// <summary>Makes every benchmark job prove which tier it ran.</summary>
public static class TierCheck
{
    public const string ExpectedVariable = "SIMDBACKPROP_EXPECTED_TIER";

    /// <summary>
    /// Logs the tier this benchmark process runs, throws if its job expected another, and publishes the FMA
    /// peak of this process (best of repeated probe runs over 300 ms) for the "% of peak" column.
    /// </summary>
    public static void Verify()
    {
        string? expected = Environment.GetEnvironmentVariable(ExpectedVariable);
        Console.WriteLine($"// SimdBackprop tier: {Simd.HardwareTier} (job expects {expected ?? "any"})");
        if (expected is not null && !string.Equals(expected, Simd.HardwareTier.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Benchmark job expected tier {expected} but the runtime runs {Simd.HardwareTier}: the switch was ignored.");
        }

        RunLog.Publish(RunLog.PeakGflops, FmaProbe.PeakGflops(TimeSpan.FromMilliseconds(300)));
    }
}
