namespace SimdBackprop.Tests;

/// <summary>
/// Training with the matrix products cut across threads gives the very same parameters as one thread, for
/// every optimizer and thread count, at every tier; and a degree of 1 starts no thread.
/// </summary>
public class ParallelTrainingTests
{
    public static TheoryData<int> Optimizers => [0, 1, 2, 3];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void ThreadCounts1To4_TrainBitIdenticalParameters(int optimizer)
    {
        var random = new Random(40 + optimizer);
        Tiers.ForEach(tier =>
        {
            // Batches and widths on both sides of the tiles and of the parallel split's thresholds; 129 × 777 and
            // 129 × 333 cut the activations, δ and bias sums of odd widths (16-row grains) across threads.
            foreach ((int batch, int[] sizes) in new[] { (256, new[] { 300, 200, 70, 10 }), (64, new[] { 784, 256, 128, 10 }), (33, new[] { 50, 400, 9 }), (129, new[] { 50, 777, 333, 10 }) })
            {
                float[] x = Data.Uniform(random, batch * sizes[0]);
                float[] t = Data.ProbabilityRows(random, batch, sizes[^1]);
                float[]? reference = null;
                foreach (int threads in new[] { 1, 2, 3, 4 })
                {
                    Network net = Build(sizes);
                    var trainer = new Trainer(net, Optimizer(optimizer), LossKind.SoftmaxCrossEntropy, batch, degreeOfParallelism: threads);
                    for (int step = 0; step < 3; step++)
                    {
                        trainer.Step(x, t, batch);
                    }

                    float[] trained = net.Parameters.ToArray();
                    reference ??= trained;
                    Assert.True(reference.AsSpan().SequenceEqual(trained), $"{tier}, batch {batch}, {string.Join('-', sizes)}, {threads} threads: parameters differ from one thread");
                }
            }
        });
    }

    [Fact]
    public void DegreeOfOne_StartsNoThread_AndDegreesArePositive()
    {
        Network net = Build([784, 256, 128, 10]);
        float[] x = Data.Uniform(new Random(1), 256 * 784), t = Data.ProbabilityRows(new Random(2), 256, 10);
        var trainer = new Trainer(net, Optimizer(0), LossKind.SoftmaxCrossEntropy, 256);
        trainer.Step(x, t, 256);
        long claims = SimdBackprop.Kernels.Threading.WorkerPool.ClaimsOnThisThread;
        for (int i = 0; i < 5; i++)
        {
            trainer.Step(x, t, 256);
        }

        Assert.Equal(claims, SimdBackprop.Kernels.Threading.WorkerPool.ClaimsOnThisThread);

        // The counter does count: two threads hand blocks to the pool.
        var parallel = new Trainer(net, Optimizer(0), LossKind.SoftmaxCrossEntropy, 256, degreeOfParallelism: 2);
        Assert.True(PoolClaims.ClaimsAWorker(() => parallel.Step(x, t, 256)), "a two-thread step never handed work to the pool");
        Assert.Throws<ArgumentOutOfRangeException>("degreeOfParallelism", () => new Trainer(net, Optimizer(0), LossKind.SoftmaxCrossEntropy, 8, degreeOfParallelism: 0));
    }

    [Fact]
    public void TwoThreads_AtBatch1_KeepTheStepOnThisThread()
    {
        // No product of a one-sample step is big enough to cut, so the update stays here too (its operands are in
        // this core's cache); from batch 4 on the products and the update are cut.
        Network net = Build([784, 256, 128, 10]);
        float[] x = Data.Uniform(new Random(5), 4 * 784), t = Data.ProbabilityRows(new Random(6), 4, 10);
        var trainer = new Trainer(net, Optimizer(2), LossKind.SoftmaxCrossEntropy, 4, degreeOfParallelism: 2);
        trainer.Step(x.AsSpan(0, 784), t.AsSpan(0, 10), 1);
        long claims = SimdBackprop.Kernels.Threading.WorkerPool.ClaimsOnThisThread;
        trainer.Step(x.AsSpan(0, 784), t.AsSpan(0, 10), 1);
        Assert.Equal(claims, SimdBackprop.Kernels.Threading.WorkerPool.ClaimsOnThisThread);
        Assert.True(PoolClaims.ClaimsAWorker(() => trainer.Step(x, t, 4)), "a batch of 4 handed nothing to the pool");
    }

    [Fact]
    public void TwoThreads_StepAllocatesNothingAfterWarmUp()
    {
        Network net = Build([784, 256, 128, 10]);
        float[] x = Data.Uniform(new Random(3), 256 * 784), t = Data.ProbabilityRows(new Random(4), 256, 10);
        var trainer = new Trainer(net, Optimizer(3), LossKind.SoftmaxCrossEntropy, 256, degreeOfParallelism: 2);
        Allocations.AssertNone(() => trainer.Step(x, t, 256), "two-thread training step", SimdBackprop.Kernels.Threading.WorkerPool.AllocatedBytes);
    }

    private static Network Build(int[] sizes)
    {
        var layers = sizes.Skip(1).Select((n, i) => new LayerSpec(n, i == sizes.Length - 2 ? Activation.Softmax : Activation.GeluTanh)).ToArray();
        var net = new Network(sizes[0], layers);
        net.Initialize(WeightInit.HeNormal, seed: 9);
        return net;
    }

    private static Optimizer Optimizer(int which) => which switch
    {
        0 => new SgdOptimizer(new SgdSettings(0.05f)),
        1 => new MomentumOptimizer(new MomentumSettings(0.02f)),
        2 => new AdamOptimizer(AdamSettings.Adam with { LearningRate = 0.01f }),
        _ => new AdamOptimizer(AdamSettings.AdamW with { LearningRate = 0.01f }),
    };
}
