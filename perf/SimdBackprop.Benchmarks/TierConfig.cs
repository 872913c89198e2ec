using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace SimdBackprop.Benchmarks;

/// <summary>
/// One job per SIMD tier leg of shared/DESIGN.md (environment variables set on the benchmark process), with
/// MemoryDiagnoser. Each benchmark class calls <see cref="TierCheck.Verify"/> in its GlobalSetup, which logs
/// the tier the process really runs and fails the job if it is not the one the job asked for.
/// </summary>
public sealed class TierConfig : ManualConfig
{
    public TierConfig()
    {
        AddJob(Leg("V512", SimdTier.Vector512).AsBaseline());
        AddJob(Leg("V256", SimdTier.Vector256, ("DOTNET_PreferredVectorBitWidth", "256")));
        AddJob(Leg("AVX2", SimdTier.Vector256, ("DOTNET_EnableAVX512", "0")));
        AddJob(Leg("V128", SimdTier.Vector128, ("DOTNET_EnableAVX2", "0")));
        AddJob(Leg("Scalar", SimdTier.Scalar, ("DOTNET_EnableHWIntrinsic", "0")));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median);
        HideColumns(Column.EnvironmentVariables);
    }

    private static Job Leg(string name, SimdTier tier, params (string Key, string Value)[] env)
    {
        var variables = env.Select(e => new EnvironmentVariable(e.Key, e.Value)).Append(new EnvironmentVariable(TierCheck.ExpectedVariable, tier.ToString()));
        return Job.Default.WithId(name).WithEnvironmentVariables(variables.ToArray());
    }
}

/// <summary>Makes every benchmark job prove which tier it ran.</summary>
public static class TierCheck
{
    public const string ExpectedVariable = "SIMDBACKPROP_EXPECTED_TIER";

    /// <summary>Logs the tier this benchmark process runs and throws if its job expected another.</summary>
    public static void Verify()
    {
        string? expected = Environment.GetEnvironmentVariable(ExpectedVariable);
        Console.WriteLine($"// SimdBackprop tier: {Simd.HardwareTier} (job expects {expected ?? "any"})");
        if (expected is not null && !string.Equals(expected, Simd.HardwareTier.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Benchmark job expected tier {expected} but the runtime runs {Simd.HardwareTier}: the switch was ignored.");
        }
    }
}
