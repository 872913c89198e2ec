using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;
using SimdBackprop.Benchmarks.Peers;

namespace SimdBackprop.Benchmarks;

/// <summary>
/// Serving side by side in one BenchmarkDotNet run: <see cref="Predictor"/> (float32 and bfloat16 weights)
/// against ONNX Runtime's C# API on its zero-copy IOBinding path (<see cref="OnnxRuntimePeer"/>), one thread
/// each, same network (ReLU hidden layers, linear output) and data, at batch 1, 8 and 64. Reported: mean,
/// median, P95 of the per-invocation time (BenchmarkDotNet times batches of calls, so its percentiles are of
/// those batches; per-call p99 comes from the <c>--predictor-latency</c> harness), the ratio to ours, and
/// bytes allocated per call. Run at the machine's widest tier only: ORT does not follow our tier switches.
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

    [GlobalCleanup]
    public void Cleanup() => onnxRuntime.Dispose();

    [Benchmark(Baseline = true)]
    public long SimdBackpropFloat32() => float32.Predict(x, Batch, y);

    [Benchmark]
    public long SimdBackpropBFloat16() => bfloat16.Predict(x, Batch, y);

    [Benchmark]
    public void OnnxRuntime() => onnxRuntime.Run();
}

/// <summary>The default leg only (ORT ignores our tier switches), a fixed run, median and P95, allocations.</summary>
public sealed class ServingPeerConfig : ManualConfig
{
    public ServingPeerConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(20).WithIterationTime(TimeInterval.FromMilliseconds(200)));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
    }
}
