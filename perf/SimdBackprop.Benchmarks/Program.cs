using BenchmarkDotNet.Running;

namespace SimdBackprop.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project perf/SimdBackprop.Benchmarks -- --filter '*'</c>;
/// <c>-- --predictor-latency</c> runs the per-call latency harness instead (see <see cref="PredictorLatency"/>),
/// <c>-- --cold-start</c> the first calls of fresh processes (see <see cref="ColdStart"/>).</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--cold-start-child"))
        {
            return ColdStart.Child();
        }

        if (args.Contains("--cold-start"))
        {
            return ColdStart.Run(args);
        }

        if (args.Contains("--predictor-latency"))
        {
            return PredictorLatency.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
