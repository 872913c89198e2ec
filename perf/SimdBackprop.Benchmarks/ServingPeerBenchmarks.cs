using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;
using SimdBackprop.Benchmarks.Peers;
using SimdBackprop.Benchmarks.Reporting;

namespace SimdBackprop.Benchmarks;

/// <summary>
/// Serving side by side in one BenchmarkDotNet run: <see cref="Predictor"/> (float32 and bfloat16 weights)
/// against ONNX Runtime's C# API on its zero-copy IOBinding path (<see cref="OnnxRuntimePeer"/>), one thread
/// each, same network (ReLU hidden layers, linear output) and data, at batch 1, 8 and 64. Reported: mean,
/// median, P95 of the per-invocation time (BenchmarkDotNet times batches of calls, so its percentiles are of
/// those batch means), the ratio to ours, bytes allocated per call, and the p50 and p99 of single calls timed one
/// by one in the same process right after its iterations (20,000, 5,000 or 1,000 calls at batch 1, 8, 64, as the
/// <c>--predictor-latency</c> harness does). Run at the machine's widest tier only: ORT does not follow our tier switches.
/// <c>dotnet run -c Release --project perf/SimdBackprop.Benchmarks -- --filter '*ServingPeer*'</c>
/// </summary>
[Config(typeof(ServingPeerConfig))]
public class ServingPeerBenchmarks
{
    private Predictor float32 = null!;
    private Predictor bfloat16 = null!;
    private OnnxRuntimePeer onnxRuntime = null!;
    private float[] x = [];
    private float[] y = [];
    private float[] ortOutputs = [];

    [Params("784-256-128-10", "256-256-10")]
    public string Shape { get; set; } = "";

    [Params(1, 8, 64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TierCheck.Verify();
        int[] shape = Shape.Split('-').Select(int.Parse).ToArray();
        Network network = PredictorLatency.NetworkOf(shape);
        x = PredictorLatency.InputsOf(shape, Batch);
        y = new float[Batch * shape[^1]];
        ortOutputs = new float[Batch * shape[^1]];
        float32 = new Predictor(network);
        bfloat16 = new Predictor(network, WeightPrecision.BFloat16);
        onnxRuntime = new OnnxRuntimePeer(network, x, ortOutputs, Batch);
    }

    [GlobalCleanup(Target = nameof(SimdBackpropFloat32))]
    public void CleanupFloat32() => PublishCallPercentiles(() => float32.Predict(x, Batch, y));

    [GlobalCleanup(Target = nameof(SimdBackpropBFloat16))]
    public void CleanupBFloat16() => PublishCallPercentiles(() => bfloat16.Predict(x, Batch, y));

    [GlobalCleanup(Target = nameof(OnnxRuntime))]
    public void CleanupOnnxRuntime()
    {
        PublishCallPercentiles(onnxRuntime.Run);
        onnxRuntime.Dispose();
    }

    [Benchmark(Baseline = true)]
    public long SimdBackpropFloat32() => float32.Predict(x, Batch, y);

    [Benchmark]
    public long SimdBackpropBFloat16() => bfloat16.Predict(x, Batch, y);

    [Benchmark]
    public void OnnxRuntime() => onnxRuntime.Run();

    /// <summary>Times single calls one by one (the process is warm: BenchmarkDotNet's iterations just ran) and
    /// publishes their p50 and p99 for <see cref="CallPercentileColumn"/>.</summary>
    private void PublishCallPercentiles(Action call)
    {
        int calls = Batch switch { 1 => 20_000, 8 => 5_000, _ => 1_000 };
        var micros = new double[calls];
        for (int i = 0; i < calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            micros[i] = (Stopwatch.GetTimestamp() - start) * 1e6 / Stopwatch.Frequency; // not TimeSpan: its 100 ns ticks would round
        }

        Array.Sort(micros);
        RunLog.Publish(RunLog.CallP50Us, micros[calls / 2]);
        RunLog.Publish(RunLog.CallP99Us, micros[(int)(calls * 0.99)]);
    }
}

/// <summary>The default leg only (ORT ignores our tier switches), a fixed run, median and P95, single-call p50 and p99, allocations.</summary>
public sealed class ServingPeerConfig : ManualConfig
{
    public ServingPeerConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(20).WithIterationTime(TimeInterval.FromMilliseconds(200)));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        AddColumn(new CallPercentileColumn(RunLog.CallP50Us, "Call p50 µs"), new CallPercentileColumn(RunLog.CallP99Us, "Call p99 µs"));
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
    }
}
