using BenchmarkDotNet.Attributes;

namespace SimdBackprop.Benchmarks;

/// <summary>
/// One whole training step of a 784-256-128-10 ReLU network (identity output, MSE, SGD): zero the gradients,
/// forward, loss, backward through every layer, update. FLOPs per step ≈ 6·batch·(784·256 + 256·128 + 128·10).
/// </summary>
[Config(typeof(TierConfig))]
public class TrainingStepBenchmarks
{
    private Network network = null!;
    private Trainer trainer = null!;
    private float[] input = [];   // batch × 784
    private float[] target = [];  // batch × 10

    [Params(1, 64, 256)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TierCheck.Verify();
        network = new Network(784, new LayerSpec(256, Activation.ReLU), new LayerSpec(128, Activation.ReLU), new LayerSpec(10, Activation.Identity));
        network.Initialize(WeightInit.HeNormal, 1);
        trainer = new Trainer(network, new SgdOptimizer(0.01f), LossKind.MeanSquaredError, Batch);
        var random = new Random(2);
        input = Enumerable.Range(0, Batch * 784).Select(_ => (float)random.NextDouble()).ToArray();
        target = Enumerable.Range(0, Batch * 10).Select(_ => (float)random.NextDouble()).ToArray();
        trainer.Step(input, target, Batch); // warm-up: buffers sized here, not in the measured step
    }

    [Benchmark]
    public float Step() => trainer.Step(input, target, Batch);
}
