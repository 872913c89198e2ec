using SimdBackprop.Kernels.Threading;
using SimdBackprop.Uses.Serving;

namespace SimdBackprop.Tests;

/// <summary><c>Predictor.Predict(inputs, batch, outputs, degreeOfParallelism)</c>: the same bits as one thread for
/// any degree, no thread when the degree is 1, nothing allocated after warm-up.</summary>
public class PredictorParallelTests
{
    [Theory]
    [InlineData(WeightPrecision.Float32)]
    [InlineData(WeightPrecision.BFloat16)]
    public void AnyDegree_EveryRowBitIdenticalToOneThread_AtEveryTier(WeightPrecision precision)
    {
        var random = new Random(31);
        Network net = PredictorTests.RandomNetwork(random, 300, [200, 64, 11], Activation.Tanh);
        var predictor = new Predictor(net, precision);
        Tiers.ForEach(tier =>
        {
            foreach (int batch in new[] { 0, 1, 7, 8, 64, 67, 130, 515 })
            {
                float[] x = Data.Uniform(random, batch * net.InputSize);
                var expected = new float[batch * net.OutputSize];
                predictor.Predict(x, batch, expected);
                for (int degree = 1; degree <= 4; degree++)
                {
                    var y = new float[batch * net.OutputSize];
                    Assert.Equal(1, predictor.Predict(x, batch, y, degree));
                    Assert.True(expected.AsSpan().SequenceEqual(y), $"tier {tier} {precision} batch {batch} degree {degree}");
                }
            }
        });
    }

    [Fact]
    public void DegreeOfOne_ClaimsNoWorker_TwoDoes_AndDegreesArePositive()
    {
        Network net = PredictorTests.RandomNetwork(new Random(32), 784, [256, 128, 10], Activation.ReLU);
        var predictor = new Predictor(net);
        float[] x = Data.Uniform(new Random(33), 256 * net.InputSize);
        var y = new float[256 * net.OutputSize];
        long claims = WorkerPool.ClaimsOnThisThread;
        predictor.Predict(x, 256, y, degreeOfParallelism: 1);
        Assert.Equal(claims, WorkerPool.ClaimsOnThisThread);
        Assert.True(PoolClaims.ClaimsAWorker(() => predictor.Predict(x, 256, y, degreeOfParallelism: 2)), "two threads never handed a range to the pool");
        Assert.Equal("degreeOfParallelism", Assert.Throws<ArgumentOutOfRangeException>(() => predictor.Predict(x, 256, y, 0)).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => predictor.Predict(x.AsSpan(1), 256, y, 2)).ParamName);
        Assert.Equal("outputs", Assert.Throws<ArgumentException>(() => predictor.Predict(x, 256, y.AsSpan(1), 2)).ParamName);
    }

    [Fact]
    public void TwoThreads_AllocateNothingAfterWarmUp()
    {
        Network net = PredictorTests.RandomNetwork(new Random(34), 784, [256, 128, 10], Activation.ReLU);
        var predictor = new Predictor(net);
        float[] x = Data.Uniform(new Random(35), 256 * net.InputSize);
        var y = new float[256 * net.OutputSize];
        Allocations.AssertNone(() => predictor.Predict(x, 256, y, 2), "a two-thread batch of 256", WorkerPool.AllocatedBytes);
    }
}
