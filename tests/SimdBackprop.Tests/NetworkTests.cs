using FsCheck.Fluent;
using SimdBackprop.Tests.Reference;
using SimdBackprop.Validation;

namespace SimdBackprop.Tests;

public class NetworkTests
{
    // Gradient bound: |g − g_ref| ≤ 2e-4 · max over the tensor of |g_ref| + 1e-6. Float rounding enters through
    // σ'(u) (1 − o² near saturation keeps few digits), so the error is relative to the tensor, not each element.
    private const double GradientTolerance = 2e-4;

    public static TheoryData<int> Depths => [1, 2, 3, 4];

    [Theory]
    [MemberData(nameof(Depths))]
    public void Gradients_MatchTheDerivation_EveryLossAndActivation_AtEveryTier(int depth)
    {
        var random = new Random(100 + depth);
        Tiers.ForEach(_ =>
        {
            foreach (LossKind loss in Enum.GetValues<LossKind>())
            {
                Network net = RandomNetwork(random, depth, out int batch);
                CheckGradients(net, random, batch, loss);
            }
        });
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void ComputeGradients_WithoutAccumulate_EqualsZeroThenAccumulate(int depth)
    {
        var random = new Random(300 + depth);
        Network net = RandomNetwork(random, depth, out int batch);
        float[] x = Data.Uniform(random, batch * net.InputSize);
        float[] t = Targets(random, LossKind.MeanSquaredError, batch, net.OutputSize);
        NetworkWorkspace ws = net.CreateWorkspace(batch);
        net.ZeroGradients();
        float e1 = net.ComputeGradients(x, t, batch, LossKind.MeanSquaredError, ws);
        float[] expected = net.Gradients.ToArray();
        net.Gradients.Fill(float.NaN); // stale gradients: overwritten, never read
        float e2 = net.ComputeGradients(x, t, batch, LossKind.MeanSquaredError, ws, accumulate: false);
        Assert.Equal(e1, e2);
        Assert.Equal(expected, net.Gradients.ToArray());
    }

    [Fact]
    public void TrainerStep_IgnoresStaleGradients()
    {
        // Step writes this batch's gradients over the old ones instead of zeroing them first: NaN left in the
        // gradients of one of two identical networks must change nothing.
        var random = new Random(310);
        Network net = RandomNetwork(random, 3, out int batch);
        Network twin = net.Clone();
        float[] x = Data.Uniform(random, batch * net.InputSize);
        float[] t = Targets(random, LossKind.MeanSquaredError, batch, net.OutputSize);
        twin.Gradients.Fill(float.NaN);
        new Trainer(net, new SgdOptimizer(new SgdSettings(0.1f)), LossKind.MeanSquaredError, batch).Step(x, t, batch);
        new Trainer(twin, new SgdOptimizer(new SgdSettings(0.1f)), LossKind.MeanSquaredError, batch).Step(x, t, batch);
        Assert.Equal(net.Parameters.ToArray(), twin.Parameters.ToArray());
        Assert.DoesNotContain(twin.Parameters.ToArray(), float.IsNaN);
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void Gradients_MatchFiniteDifferencesInDouble(int depth)
    {
        var random = new Random(200 + depth);
        foreach (LossKind loss in Enum.GetValues<LossKind>())
        {
            Network net = RandomNetwork(random, depth, out int batch, smoothOnly: true);
            float[] x = Data.Uniform(random, batch * net.InputSize);
            float[] t = Targets(random, loss, batch, net.OutputSize);
            NetworkWorkspace ws = net.CreateWorkspace(batch);
            net.ZeroGradients();
            net.ComputeGradients(x, t, batch, loss, ws);

            // Central differences of the double reference loss, h = 1e-6: truncation O(h²), cancellation ~1e-10.
            ReferenceNetwork reference = ReferenceNetwork.From(net);
            double[] xd = x.ToDouble(), td = t.ToDouble();
            for (int l = 0; l < depth; l++)
            {
                foreach ((double[] param, float[] grad, string name) in new[]
                {
                    (reference.W[l], net.WeightGradients(l).ToArray(), $"layers.{l}.weight"),
                    (reference.B[l], net.BiasGradients(l).ToArray(), $"layers.{l}.bias"),
                })
                {
                    var numeric = new double[param.Length];
                    for (int i = 0; i < param.Length; i++)
                    {
                        const double h = 1e-6;
                        double saved = param[i];
                        param[i] = saved + h;
                        double plus = reference.Error(xd, td, batch, loss);
                        param[i] = saved - h;
                        double minus = reference.Error(xd, td, batch, loss);
                        param[i] = saved;
                        numeric[i] = (plus - minus) / (2 * h);
                    }

                    Tolerance.WithinTensorScale(grad, numeric, numeric, GradientTolerance, 1e-6, $"{name} vs finite differences ({loss}, depth {depth})");
                }
            }
        }
    }

    [Fact]
    public void Gradients_Property_RandomNetworksAndData()
    {
        var gen =
            from depth in Gen.Choose(1, 4)
            from loss in Gen.Elements(Enum.GetValues<LossKind>())
            from tier in Gen.Elements(Simd.AvailableTiers.ToArray())
            from seed in Properties.Seed
            select (depth, loss, tier, seed);
        Properties.Check(gen, p =>
        {
            using (Simd.LimitCurrentThread(p.tier))
            {
                var random = new Random(p.seed);
                Network net = RandomNetwork(random, p.depth, out int batch);
                CheckGradients(net, random, batch, p.loss);
            }
        }, maxTest: 60);
    }

    [Fact]
    public void Forward_MatchesReference_AndBatchRowsAreIndependent()
    {
        var random = new Random(7);
        Tiers.ForEach(_ =>
        {
            Network net = RandomNetwork(random, 3, out int batch);
            float[] x = Data.Uniform(random, batch * net.InputSize);
            NetworkWorkspace ws = net.CreateWorkspace(batch);
            float[] y = net.Forward(x, batch, ws).ToArray();
            double[] yRef = ReferenceNetwork.From(net).Predict(x.ToDouble(), batch);
            Tolerance.WithinTensorScale(y, yRef, yRef, 1e-4, 1e-6, "network output");
            float[] single = net.Forward(x.AsSpan((batch - 1) * net.InputSize, net.InputSize), 1, ws).ToArray();
            Tolerance.WithinTensorScale(single, yRef[^net.OutputSize..], yRef, 1e-4, 1e-6, "last row alone");
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TrainerStep_IsGradientThenUpdateRule(int optimizerIndex)
    {
        var random = new Random(300 + optimizerIndex);
        Network net = RandomNetwork(random, 2, out int batch, smoothOnly: true);
        const LossKind loss = LossKind.MeanSquaredError;
        float[] x = Data.Uniform(random, batch * net.InputSize), t = Data.Uniform(random, batch * net.OutputSize);
        Optimizer opt = optimizerIndex switch
        {
            0 => new SgdOptimizer(new SgdSettings(0.1f)),
            1 => new MomentumOptimizer(new MomentumSettings(0.1f, 0.9f)),
            2 => new AdamOptimizer(AdamSettings.Adam with { LearningRate = 0.01f }),
            _ => new AdamOptimizer(AdamSettings.AdamW with { LearningRate = 0.01f }),
        };
        var trainer = new Trainer(net, opt, loss, batch);
        ReferenceNetwork reference = ReferenceNetwork.From(net);
        double[] state1 = new double[net.ParameterCount], state2 = new double[net.ParameterCount];
        for (int step = 1; step <= 3; step++)
        {
            trainer.Step(x, t, batch);
            (double[][] dW, double[][] dB) = reference.Gradients(x.ToDouble(), t.ToDouble(), batch, loss);
            double[] theta = Flatten(reference.W, reference.B), gRef = Flatten(dW, dB);

            // The step used the derivation's gradient...
            Tolerance.WithinTensorScale(net.Gradients, gRef, gRef, GradientTolerance, 1e-6, $"gradient of step {step}");

            // ...and then the update rule. The rule is fed the library's own gradient: Adam divides m by √v, so a
            // gradient element that is rounding noise around 0 still moves θ by up to η (rounding amplified, not an error).
            double[] g = net.Gradients.ToDouble();
            switch (optimizerIndex)
            {
                case 0: ReferenceUpdates.Sgd(0.1, 0, g, theta); break;
                case 1: ReferenceUpdates.Momentum(0.1, 0.9, 0, g, state1, theta); break;
                default: ReferenceUpdates.Adam(0.01, 0.9, 0.999, 1e-8, optimizerIndex == 3 ? 0.01 : 0, optimizerIndex == 3, step, g, state1, state2, theta); break;
            }

            Unflatten(theta, reference.W, reference.B);
        }

        double[] expected = Flatten(reference.W, reference.B);
        Tolerance.Within(net.Parameters, expected, expected.Select(v => Math.Max(1, Math.Abs(v))).ToArray(), 1e-4, 0, $"θ after 3 steps of {opt.GetType().Name}");
    }

    [Fact]
    public void Initialize_IsSeededAndHasTheRightScale()
    {
        var a = new Network(784, new LayerSpec(256, Activation.ReLU), new LayerSpec(10, Activation.Identity));
        var b = new Network(784, new LayerSpec(256, Activation.ReLU), new LayerSpec(10, Activation.Identity));
        foreach (WeightInit init in Enum.GetValues<WeightInit>())
        {
            a.Initialize(init, 42);
            b.Initialize(init, 42);
            Assert.True(a.Parameters.SequenceEqual(b.Parameters));
            double expectedVariance = init is WeightInit.HeNormal or WeightInit.HeUniform ? 2.0 / 784 : 2.0 / (784 + 256);
            float[] w = a.Weights(0).ToArray();
            double mean = w.Average(v => (double)v), variance = w.Average(v => ((double)v - mean) * (v - mean));
            Assert.InRange(variance / expectedVariance, 0.95, 1.05);
            Assert.InRange(Math.Abs(mean), 0, 3 * Math.Sqrt(expectedVariance / w.Length));
            Assert.All(a.Bias(0).ToArray(), v => Assert.Equal(0f, v));
        }

        b.Initialize(WeightInit.HeNormal, 43);
        Assert.False(a.Parameters.SequenceEqual(b.Parameters));
    }

    [Fact]
    public void Parameters_AreOneContiguousBufferInLayerOrder()
    {
        var net = new Network(3, new LayerSpec(4, Activation.Tanh), new LayerSpec(2, Activation.Sigmoid));
        Assert.Equal((4 * 3) + 4 + (2 * 4) + 2, net.ParameterCount);
        net.Weights(0).Fill(1);
        net.Bias(0).Fill(2);
        net.Weights(1).Fill(3);
        net.Bias(1).Fill(4);
        float[] expected = [.. Enumerable.Repeat(1f, 12), .. Enumerable.Repeat(2f, 4), .. Enumerable.Repeat(3f, 8), .. Enumerable.Repeat(4f, 2)];
        Assert.Equal(expected, net.Parameters.ToArray());
        Assert.Equal(3, net.LayerInputSize(0));
        Assert.Equal(4, net.LayerInputSize(1));
    }

    [Fact]
    public void BadInput_ThrowsNamingTheParameter()
    {
        Assert.Throws<ArgumentOutOfRangeException>("inputSize", () => new Network(0, new LayerSpec(1, Activation.ReLU)));
        Assert.Throws<ArgumentException>("layers", () => new Network(2));
        Assert.Throws<ArgumentException>("layers", () => new Network(2, new LayerSpec(0, Activation.ReLU)));
        var net = new Network(2, new LayerSpec(3, Activation.Tanh), new LayerSpec(1, Activation.Sigmoid));
        var other = new Network(2, new LayerSpec(3, Activation.Tanh), new LayerSpec(1, Activation.Sigmoid));
        NetworkWorkspace ws = net.CreateWorkspace(4);
        Assert.Throws<ArgumentOutOfRangeException>("batchCapacity", () => net.CreateWorkspace(0));
        Assert.Throws<ArgumentException>("workspace", () => net.Forward(new float[8], 4, other.CreateWorkspace(4)));
        Assert.Throws<ArgumentException>("batch", () => net.Forward(new float[10], 5, ws));
        Assert.Throws<ArgumentOutOfRangeException>("batch", () => net.Forward(new float[8], -1, ws));
        Assert.Throws<ArgumentException>("input", () => net.Forward(new float[7], 4, ws));
        Assert.Throws<ArgumentException>("target", () => net.ComputeGradients(new float[8], new float[3], 4, LossKind.SumOfSquares, ws));
        Assert.Throws<ArgumentException>("dOutput", () => net.Backward(new float[8], new float[3], 4, ws));
        Assert.Throws<ArgumentOutOfRangeException>("layer", () => net.Weights(2));
        Assert.Throws<ArgumentOutOfRangeException>("init", () => net.Initialize((WeightInit)9, 1));
        Assert.Throws<ArgumentNullException>("workspace", () => net.Forward(new float[2], 1, null!));
        var step = new Network(2, new LayerSpec(1, Activation.Threshold));
        Assert.Throws<NotSupportedException>(() => step.ComputeGradients(new float[2], new float[1], 1, LossKind.SumOfSquares, step.CreateWorkspace(1)));
        Assert.Throws<ArgumentOutOfRangeException>("batchSize", () => new Trainer(net, new SgdOptimizer(new SgdSettings(0.1f)), LossKind.SumOfSquares, 0));
        Assert.Throws<ArgumentOutOfRangeException>("loss", () => new Trainer(net, new SgdOptimizer(new SgdSettings(0.1f)), (LossKind)9, 1));
        var trainer = new Trainer(net, new SgdOptimizer(new SgdSettings(0.1f)), LossKind.SumOfSquares, 2);
        Assert.Throws<ArgumentException>("inputs", () => trainer.TrainEpoch(new float[7], new float[4], 4));
        Assert.Throws<ArgumentException>("targets", () => trainer.TrainEpoch(new float[8], new float[3], 4));
        Assert.Throws<ArgumentOutOfRangeException>("samples", () => trainer.TrainEpoch(new float[8], new float[4], 0));
    }

    [Fact]
    public void ForwardAndTrainingStep_AllocateNothingAfterWarmUp()
    {
        var net = new Network(64, new LayerSpec(48, Activation.ReLU), new LayerSpec(33, Activation.Gelu), new LayerSpec(10, Activation.Identity));
        net.Initialize(WeightInit.HeNormal, 1);
        var random = new Random(5);
        const int batch = 32;
        float[] x = Data.Uniform(random, batch * 64), t = Data.ProbabilityRows(random, batch, 10);
        NetworkWorkspace ws = net.CreateWorkspace(batch);
        foreach (Optimizer opt in new Optimizer[] { new SgdOptimizer(new SgdSettings(0.01f)), new MomentumOptimizer(new MomentumSettings(0.01f)), new AdamOptimizer(AdamSettings.Adam), new AdamOptimizer(AdamSettings.AdamW) })
        {
            var trainer = new Trainer(net, opt, LossKind.SoftmaxCrossEntropy, batch, seed: 3);
            Allocations.AssertNone(
                () =>
                {
                    trainer.Step(x, t, batch);
                    net.Forward(x, batch, ws);
                    net.Forward(x, 1, ws);
                },
                $"training step and forward passes with {opt.GetType().Name}");
            Allocations.AssertNone(() => trainer.TrainEpoch(x, t, batch, shuffle: true), "shuffled epoch");
        }
    }

    private static void CheckGradients(Network net, Random random, int batch, LossKind loss)
    {
        float[] x = Data.Uniform(random, batch * net.InputSize);
        float[] t = Targets(random, loss, batch, net.OutputSize);
        NetworkWorkspace ws = net.CreateWorkspace(batch);
        net.ZeroGradients();
        float e = net.ComputeGradients(x, t, batch, loss, ws);
        ReferenceNetwork reference = ReferenceNetwork.From(net);
        double eRef = reference.Error(x.ToDouble(), t.ToDouble(), batch, loss);
        Assert.True(Math.Abs(e - eRef) <= (1e-4 * Math.Abs(eRef)) + 1e-6, $"E = {e}, reference {eRef} ({loss})");
        (double[][] dW, double[][] dB) = reference.Gradients(x.ToDouble(), t.ToDouble(), batch, loss);
        for (int l = 0; l < net.LayerCount; l++)
        {
            Tolerance.WithinTensorScale(net.WeightGradients(l), dW[l], dW[l], GradientTolerance, 1e-6, $"layers.{l}.weight ({loss}, {net.Layers[l].Activation})");
            Tolerance.WithinTensorScale(net.BiasGradients(l), dB[l], dB[l], GradientTolerance, 1e-6, $"layers.{l}.bias ({loss})");
        }
    }

    /// <summary>A random network of the given depth with random widths (across vector edges) and activations.</summary>
    internal static Network RandomNetwork(Random random, int depth, out int batch, bool smoothOnly = false)
    {
        Activation[] pool = smoothOnly
            ? [Activation.Sigmoid, Activation.Tanh, Activation.Softplus, Activation.SiLU, Activation.Gelu, Activation.GeluTanh, Activation.Identity]
            : ReferenceActivations.Differentiable().ToArray();
        int[] widths = [1, 3, 4, 7, 8, 9, 15, 16, 17, 33];
        var layers = new LayerSpec[depth];
        for (int l = 0; l < depth; l++)
        {
            layers[l] = new LayerSpec(widths[random.Next(widths.Length)], pool[random.Next(pool.Length)]);
        }

        var net = new Network(widths[random.Next(widths.Length)], layers);
        net.Initialize(WeightInit.GlorotUniform, random.Next());
        for (int l = 0; l < depth; l++)
        {
            Span<float> b = net.Bias(l);
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = (float)(0.2 * ((2 * random.NextDouble()) - 1));
            }
        }

        batch = random.Next(1, 20);
        return net;
    }

    internal static float[] Targets(Random random, LossKind loss, int batch, int outputs) =>
        loss == LossKind.SoftmaxCrossEntropy ? Data.ProbabilityRows(random, batch, outputs) : Data.Uniform(random, batch * outputs);

    private static double[] Flatten(double[][] w, double[][] b) => w.Zip(b, (wl, bl) => wl.Concat(bl)).SelectMany(x => x).ToArray();

    private static void Unflatten(double[] flat, double[][] w, double[][] b)
    {
        int offset = 0;
        for (int l = 0; l < w.Length; l++)
        {
            Array.Copy(flat, offset, w[l], 0, w[l].Length);
            offset += w[l].Length;
            Array.Copy(flat, offset, b[l], 0, b[l].Length);
            offset += b[l].Length;
        }
    }
}
