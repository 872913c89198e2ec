using SimdBackprop.Tests.Reference;

namespace SimdBackprop.Tests;

/// <summary>
/// Softmax as a layer activation: forward and the Jacobian backward against the double reference at every
/// tier; in networks (output and hidden, with every loss) against the reference's gradients and finite
/// differences; with cross-entropy, the fused path on the logits, bit-identical to an identity output layer
/// trained with the same loss (which the PyTorch parity fixtures pin to CrossEntropyLoss).
/// </summary>
public class SoftmaxActivationTests
{
    private static readonly int[] Widths = [1, 2, 3, 7, 8, 9, 16, 17, 33];

    [Fact]
    public void Forward_EachRowMatchesTheReference_AtEveryTier()
    {
        var random = new Random(1);
        Tiers.ForEach(tier =>
        {
            foreach (int features in Widths)
            {
                const int rows = 5;
                float[] u = Data.Uniform(random, rows * features, scale: 20);
                u[0] = 80; // a large logit: the max shift keeps e^u finite
                float[] o = new float[u.Length];
                Activations.Forward(Activation.Softmax, features, u, o);
                for (int r = 0; r < rows; r++)
                {
                    double[] expected = ReferenceActivations.Softmax(u.AsSpan(r * features, features).ToArray().ToDouble());
                    Tolerance.Within(o.AsSpan(r * features, features), expected, expected, 64 * Tolerance.Epsilon, 1e-30, $"{tier} width {features} row {r}");
                    Assert.InRange(o.AsSpan(r * features, features).ToArray().Sum(), 1 - 1e-5f, 1 + 1e-5f);
                }

                // In place gives the same bits.
                float[] inPlace = (float[])u.Clone();
                Activations.Forward(Activation.Softmax, features, inPlace, inPlace);
                Assert.Equal(o, inPlace);
            }
        });
    }

    [Fact]
    public void Backward_IsTheJacobianTransposedTimesDOutput_AtEveryTier()
    {
        var random = new Random(2);
        Tiers.ForEach(tier =>
        {
            foreach (int features in Widths)
            {
                const int rows = 4;
                float[] u = Data.Uniform(random, rows * features, scale: 3);
                float[] o = new float[u.Length];
                Activations.Forward(Activation.Softmax, features, u, o);
                float[] g = Data.Uniform(random, u.Length, scale: 2);
                float[] delta = new float[u.Length];
                Activations.Backward(Activation.Softmax, features, g, u, o, delta);
                for (int r = 0; r < rows; r++)
                {
                    double[] p = o.AsSpan(r * features, features).ToArray().ToDouble();
                    double[] gr = g.AsSpan(r * features, features).ToArray().ToDouble();
                    double[] expected = ReferenceActivations.SoftmaxBackward(p, gr);
                    double[] scale = [.. p.Select((pi, i) => pi * (Math.Abs(gr[i]) + gr.Zip(p, (a, b) => Math.Abs(a * b)).Sum()))];
                    Tolerance.Within(delta.AsSpan(r * features, features), expected, scale, 16 * Tolerance.Epsilon, 1e-30, $"{tier} width {features} row {r}");
                }

                // δ may replace dOutput.
                float[] inPlace = (float[])g.Clone();
                Activations.Backward(Activation.Softmax, features, inPlace, u, o, inPlace);
                Assert.Equal(delta, inPlace);
            }
        });
    }

    [Fact]
    public void ElementwiseApi_RefusesSoftmax_AndRowsMustBeWhole()
    {
        float[] u = new float[6], o = new float[6];
        Assert.Equal("activation", Assert.Throws<ArgumentException>(() => Activations.Forward(Activation.Softmax, u, o)).ParamName);
        Assert.Throws<NotSupportedException>(() => Activations.Derivative(Activation.Softmax, u, o, new float[6]));
        Assert.Equal("preActivation", Assert.Throws<ArgumentException>(() => Activations.Forward(Activation.Softmax, 4, u, o)).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Forward(Activation.Softmax, 0, u, o)).ParamName);
        Assert.Equal("dOutput", Assert.Throws<ArgumentException>(() => Activations.Backward(Activation.Softmax, 4, u, u, o, o)).ParamName);
    }

    [Theory]
    [InlineData(LossKind.SoftmaxCrossEntropy)]
    [InlineData(LossKind.MeanSquaredError)]
    [InlineData(LossKind.HalfSumOfSquares)]
    public void Network_WithSoftmaxOutputAndHidden_GradientsMatchTheReference_AtEveryTier(LossKind loss)
    {
        var random = new Random(3 + (int)loss);
        Tiers.ForEach(tier =>
        {
            var net = new Network(6, new LayerSpec(9, Activation.Tanh), new LayerSpec(7, Activation.Softmax), new LayerSpec(5, Activation.Softmax));
            net.Initialize(WeightInit.GlorotUniform, seed: 5);
            const int batch = 6;
            float[] x = Data.Uniform(random, batch * 6, scale: 2);
            float[] t = loss == LossKind.SoftmaxCrossEntropy ? Data.ProbabilityRows(random, batch, 5) : Data.Uniform(random, batch * 5);
            NetworkWorkspace ws = net.CreateWorkspace(batch);
            net.ZeroGradients();
            float e = net.ComputeGradients(x, t, batch, loss, ws);
            ReferenceNetwork reference = ReferenceNetwork.From(net);
            double eRef = reference.Error(x.ToDouble(), t.ToDouble(), batch, loss);
            Assert.True(Math.Abs(e - eRef) <= (1e-5 * Math.Abs(eRef)) + 1e-6, $"{tier} {loss}: E = {e}, reference {eRef}");
            (double[][] dW, double[][] dB) = reference.Gradients(x.ToDouble(), t.ToDouble(), batch, loss);
            for (int l = 0; l < net.LayerCount; l++)
            {
                Tolerance.WithinTensorScale(net.WeightGradients(l), dW[l], dW[l], 1e-4, 1e-6, $"{tier} {loss} layers.{l}.weight");
                Tolerance.WithinTensorScale(net.BiasGradients(l), dB[l], dB[l], 1e-4, 1e-6, $"{tier} {loss} layers.{l}.bias");
            }
        });
    }

    [Fact]
    public void Network_WithSoftmax_PassesTheFiniteDifferenceCheck()
    {
        var random = new Random(4);
        foreach (LossKind loss in new[] { LossKind.SoftmaxCrossEntropy, LossKind.SumOfSquares })
        {
            var net = new Network(5, new LayerSpec(6, Activation.Softmax), new LayerSpec(4, Activation.Sigmoid), new LayerSpec(3, Activation.Softmax));
            net.Initialize(WeightInit.GlorotUniform, seed: 6);
            float[] x = Data.Uniform(random, 4 * 5, scale: 2);
            float[] t = Data.ProbabilityRows(random, 4, 3);
            // The float checker's step and bound, as GradientCheckTests use them (float rounding of E over the step).
            GradientCheckReport report = GradientCheck.Run(net, x, t, 4, loss, epsilon: 1e-2f);
            Assert.True(report.Passed(5e-2), $"{loss}: {string.Join(", ", report.Tensors.Select(r => $"{r.Name} {r.MaxRelativeError:E2}"))}");
        }
    }

    [Fact]
    public void SoftmaxOutputWithCrossEntropy_TrainsBitForBitLikeLogitsWithCrossEntropy()
    {
        var random = new Random(5);
        var logits = new Network(8, new LayerSpec(10, Activation.ReLU), new LayerSpec(4, Activation.Identity));
        logits.Initialize(WeightInit.HeNormal, seed: 7);
        Network probabilities = new(8, new LayerSpec(10, Activation.ReLU), new LayerSpec(4, Activation.Softmax));
        logits.Parameters.CopyTo(probabilities.Parameters);
        const int batch = 12;
        float[] x = Data.Uniform(random, batch * 8, scale: 2);
        float[] t = Data.ProbabilityRows(random, batch, 4);
        var a = new Trainer(logits, new AdamOptimizer(AdamSettings.Adam with { LearningRate = 0.01f }), LossKind.SoftmaxCrossEntropy, batchSize: 4);
        var b = new Trainer(probabilities, new AdamOptimizer(AdamSettings.Adam with { LearningRate = 0.01f }), LossKind.SoftmaxCrossEntropy, batchSize: 4);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            float ea = a.TrainEpoch(x, t, batch), eb = b.TrainEpoch(x, t, batch);
            Assert.Equal(ea, eb);
        }

        Assert.Equal(logits.Parameters.ToArray(), probabilities.Parameters.ToArray());

        // The softmax network outputs the probabilities of the logits network's outputs.
        float[] z = logits.Forward(x, batch, logits.CreateWorkspace(batch)).ToArray();
        float[] p = new float[z.Length];
        Losses.Softmax(batch, 4, z, p);
        Assert.Equal(p, probabilities.Forward(x, batch, probabilities.CreateWorkspace(batch)).ToArray());
    }

    [Fact]
    public void Predictor_WithSoftmaxOutput_MatchesNetworkForward()
    {
        var random = new Random(6);
        var net = new Network(20, new LayerSpec(33, Activation.SiLU), new LayerSpec(10, Activation.Softmax));
        net.Initialize(WeightInit.GlorotUniform, seed: 8);
        var predictor = new Predictor(net);
        Tiers.ForEach(tier =>
        {
            foreach (int batch in new[] { 1, 3, 17 })
            {
                float[] x = Data.Uniform(random, batch * 20);
                float[] y = new float[batch * 10];
                predictor.Predict(x, batch, y);
                float[] forward = net.Forward(x, batch, net.CreateWorkspace(batch)).ToArray();
                Tolerance.Within(y, forward.ToDouble(), forward.ToDouble(), 1e-5, 1e-7, $"{tier} batch {batch}");
            }
        });
    }
}
