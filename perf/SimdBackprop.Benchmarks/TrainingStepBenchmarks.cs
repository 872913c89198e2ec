using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;
using SimdBackprop.Benchmarks.Peers;
using SimdBackprop.Benchmarks.Reporting;
using SimdBackprop.Cli.Commands;

namespace SimdBackprop.Benchmarks;

/// <summary>
/// One whole training step of a 784-256-128-10 ReLU network (identity output, MSE, SGD): zero the gradients,
/// forward, loss, backward through every layer, update; one job per SIMD tier leg, on one and two threads.
/// GlobalSetup runs the same step in PyTorch (perf/pytorch_training_step.py, as many threads) in the same process, for the "PyTorch ms" and
/// "PyTorch/ours" columns. GFLOP/s counts the three matrix products' 2·m·n·k (forward, dWeights for every
/// layer, dInput for all but the first; PyTorch skips the first layer's dInput too), not the element-wise work.
/// </summary>
[Config(typeof(TrainingStepConfig))]
public class TrainingStepBenchmarks
{
    private static readonly int[] Sizes = [784, 256, 128, 10];

    private Network network = null!;
    private Trainer trainer = null!;
    private float[] input = [];   // batch × 784
    private float[] target = [];  // batch × 10

    [Params(1, 64, 256)]
    public int Batch { get; set; }

    /// <summary>Threads for the step's matrix products (Trainer's degree of parallelism), and PyTorch's intra-op threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TierCheck.Verify();
        network = new Network(784, new LayerSpec(256, Activation.ReLU), new LayerSpec(128, Activation.ReLU), new LayerSpec(10, Activation.Identity));
        network.Initialize(WeightInit.HeNormal, 1);
        trainer = new Trainer(network, new SgdOptimizer(new SgdSettings(0.01f)), LossKind.MeanSquaredError, Batch, degreeOfParallelism: Threads);
        var random = new Random(2);
        input = Enumerable.Range(0, Batch * 784).Select(_ => (float)random.NextDouble()).ToArray();
        target = Enumerable.Range(0, Batch * 10).Select(_ => (float)random.NextDouble()).ToArray();
        trainer.Step(input, target, Batch); // warm-up: buffers sized here, not in the measured step
        RunLog.Publish(RunLog.Flops, BenchFigures.TrainingStepFlops(Batch, Sizes));
        PyTorchPeer.MeasureAndPublish(Batch, Threads);
    }

    [Benchmark]
    public float Step() => trainer.Step(input, target, Batch);
}

/// <summary>The tier legs with a fixed run (3 warm-ups, 15 iterations of ≥ 200 ms) and the PyTorch columns.</summary>
public sealed class TrainingStepConfig : TierConfig
{
    public TrainingStepConfig()
        : base(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15).WithIterationTime(TimeInterval.FromMilliseconds(200)))
    {
        AddColumn(new PyTorchTimeColumn(), new PyTorchRatioColumn());
    }
}
