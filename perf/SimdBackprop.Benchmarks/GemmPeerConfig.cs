using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;
using SimdBackprop.Benchmarks.Peers;
using SimdBackprop.Benchmarks.Reporting;

namespace SimdBackprop.Benchmarks;

/// <summary>
/// The tier legs of <see cref="TierConfig"/> with a shorter, fixed run (3 warm-ups, 10 iterations of ≥ 150 ms:
/// the whole class must fit in about half an hour) and a filter deciding which method runs where:
/// <list type="bullet">
/// <item>SimdBackprop runs under every leg; the peers only under the default leg (native code ignores the
/// .NET switches, and the managed peers are not what is being measured per tier).</item>
/// <item>A native peer whose library is absent is left out with a console message, not reported as a
/// bogus fast number.</item>
/// <item>MathNet and the dot-product baseline, 5–50× slower, only run products of at most 2·512³ flops.</item>
/// <item>SimdBackprop on two threads runs under the default leg on products of at least 2·512³ flops (the
/// large shapes the 1.8× target is about; smaller ones are not split worth the hand-off).</item>
/// </list>
/// </summary>
public sealed class GemmPeerConfig : TierConfig
{
    /// <summary>Largest product (flops) the slow managed peers run.</summary>
    public const double SlowPeerFlopLimit = 2.0 * 512 * 512 * 512;

    private static readonly Job RunLength = Job.Default
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(10)
        .WithIterationTime(TimeInterval.FromMilliseconds(150));

    public GemmPeerConfig()
        : base(RunLength)
    {
        ReportMissing("OpenBLAS", NativePeers.OpenBlasMissing);
        ReportMissing("oneDNN", NativePeers.OneDnnMissing);
        AddFilter(new SimpleFilter(Keep));
        AddColumn(new PercentOfBoundColumn(), new PercentOfBoundFastestColumn());
    }

    private static bool Keep(BenchmarkCase benchmarkCase)
    {
        GemmShape? shape = benchmarkCase.Parameters.Items.Select(p => p.Value).OfType<GemmShape>().FirstOrDefault();
        if (shape is null)
        {
            return false;
        }

        string method = benchmarkCase.Descriptor.WorkloadMethod.Name;
        if (method == nameof(GemmPeerBenchmarks.SimdBackpropGemm))
        {
            return true;
        }

        if (benchmarkCase.Job.Id != DefaultLeg)
        {
            return false;
        }

        return method switch
        {
            nameof(GemmPeerBenchmarks.OpenBLAS) => NativePeers.OpenBlasMissing is null,
            nameof(GemmPeerBenchmarks.OneDNN) => NativePeers.OneDnnMissing is null,
            nameof(GemmPeerBenchmarks.MathNet) or nameof(GemmPeerBenchmarks.TensorPrimitives) => shape.Flops <= SlowPeerFlopLimit,
            nameof(GemmPeerBenchmarks.SimdBackpropTwoThreads) => shape.Flops >= SlowPeerFlopLimit,
            _ => true,
        };
    }

    private static void ReportMissing(string peer, string? missing)
    {
        if (missing is not null)
        {
            Console.WriteLine($"// {peer} peer skipped: {missing}");
        }
    }
}
