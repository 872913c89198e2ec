namespace SimdBackprop.Tests;

/// <summary>Learning works: the classic examples reach a loss threshold within a fixed number of epochs.</summary>
public class LearningTests
{
    private static readonly float[] XorInputs = [0, 0, 0, 1, 1, 0, 1, 1];
    private static readonly float[] XorTargets = [0, 1, 1, 0];

    [Fact]
    public void Xor_221Sigmoid_OnlineSgd_Learns()
    {
        // Online learning: an update after every sample (batch size 1), half sum of squares, plain SGD.
        Tiers.ForEach(_ => AssertLearnsXor(batchSize: 1, learningRate: 0.5f, epochs: 4000));
    }

    [Fact]
    public void Xor_221Sigmoid_BatchSgd_Learns()
    {
        // Batch learning: one update per epoch from the gradient summed over all four samples.
        Tiers.ForEach(_ => AssertLearnsXor(batchSize: 4, learningRate: 0.5f, epochs: 4000));
    }

    [Fact]
    public void Regression_SineWithTanhHiddenLayer_AdamMiniBatches_Learns()
    {
        const int samples = 64;
        var x = new float[samples];
        var t = new float[samples];
        for (int i = 0; i < samples; i++)
        {
            x[i] = (float)(-Math.PI + (2 * Math.PI * i / (samples - 1)));
            t[i] = MathF.Sin(x[i]);
        }

        var net = new Network(1, new LayerSpec(16, Activation.Tanh), new LayerSpec(1, Activation.Identity));
        net.Initialize(WeightInit.GlorotUniform, 7);
        var trainer = new Trainer(net, new AdamOptimizer(AdamSettings.Adam with { LearningRate = 0.02f }), LossKind.MeanSquaredError, batchSize: 16, seed: 1);
        float initial = net.Error(x, t, samples, LossKind.MeanSquaredError, net.CreateWorkspace(samples));
        for (int epoch = 0; epoch < 600; epoch++)
        {
            trainer.TrainEpoch(x, t, samples, shuffle: true);
        }

        float final = net.Error(x, t, samples, LossKind.MeanSquaredError, net.CreateWorkspace(samples));
        Assert.True(final < 2e-3f, $"MSE {final} (from {initial}) did not reach 2e-3 in 600 epochs");
    }

    [Fact]
    public void Classification_SoftmaxCrossEntropy_SeparatesGaussianBlobs()
    {
        var random = new Random(3);
        const int perClass = 40, classes = 3;
        var x = new float[perClass * classes * 2];
        var t = new float[perClass * classes * classes];
        for (int c = 0; c < classes; c++)
        {
            for (int i = 0; i < perClass; i++)
            {
                int s = (c * perClass) + i;
                x[2 * s] = (float)((2 * Math.Cos(2 * Math.PI * c / classes)) + (0.4 * ((2 * random.NextDouble()) - 1)));
                x[(2 * s) + 1] = (float)((2 * Math.Sin(2 * Math.PI * c / classes)) + (0.4 * ((2 * random.NextDouble()) - 1)));
                t[(s * classes) + c] = 1;
            }
        }

        var net = new Network(2, new LayerSpec(8, Activation.ReLU), new LayerSpec(classes, Activation.Identity));
        net.Initialize(WeightInit.HeNormal, 5);
        var trainer = new Trainer(net, new MomentumOptimizer(new MomentumSettings(0.05f, 0.9f)), LossKind.SoftmaxCrossEntropy, batchSize: 10, seed: 2);
        for (int epoch = 0; epoch < 100; epoch++)
        {
            trainer.TrainEpoch(x, t, perClass * classes, shuffle: true);
        }

        int samples = perClass * classes;
        ReadOnlySpan<float> logits = net.Forward(x, samples, net.CreateWorkspace(samples));
        int correct = 0;
        for (int s = 0; s < samples; s++)
        {
            ReadOnlySpan<float> row = logits.Slice(s * classes, classes);
            int predicted = row.IndexOf(System.Numerics.Tensors.TensorPrimitives.Max(row));
            correct += t[(s * classes) + predicted] == 1 ? 1 : 0;
        }

        Assert.True(correct == samples, $"{correct}/{samples} correct");
    }

    private static void AssertLearnsXor(int batchSize, float learningRate, int epochs)
    {
        var net = new Network(2, new LayerSpec(2, Activation.Sigmoid), new LayerSpec(1, Activation.Sigmoid));
        net.Initialize(WeightInit.GlorotUniform, 2);
        var trainer = new Trainer(net, new SgdOptimizer(new SgdSettings(learningRate)), LossKind.HalfSumOfSquares, batchSize);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            trainer.TrainEpoch(XorInputs, XorTargets, 4);
        }

        float e = net.Error(XorInputs, XorTargets, 4, LossKind.HalfSumOfSquares, net.CreateWorkspace(4));
        ReadOnlySpan<float> y = net.Forward(XorInputs, 4, net.CreateWorkspace(4));
        Assert.True(e < 0.01f, $"E = {e} after {epochs} epochs (batch size {batchSize}); outputs {string.Join(", ", y.ToArray())}");
        for (int s = 0; s < 4; s++)
        {
            Assert.True(Math.Abs(y[s] - XorTargets[s]) < 0.15f, $"sample {s}: {y[s]} vs {XorTargets[s]}");
        }
    }
}
