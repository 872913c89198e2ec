using SimdBackprop.Cli.DataSets;
using SimdBackprop.Tests.Reference;

namespace SimdBackprop.Tests;

/// <summary>
/// The bfloat16-weight predictor against its stated bound. For a layer with input x (whatever reached it),
/// u_i = b_i + Σ_k θ_ik·x_k in double with the float32 θ is the reference; the predictor uses θ̃ = bf16(θ),
/// |θ̃ − θ| ≤ 2⁻⁸·|θ|, and sums in float32 by fma, so |ũ_i − u_i| ≤ 2⁻⁸·Σ_k|θ_ik·x_k| + γ_k·(|b_i| + Σ_k|θ̃_ik·x_k|)
/// with γ_k = k·2⁻²⁴/(1 − k·2⁻²⁴). The activation adds at most its Lipschitz constant times that, plus its own
/// float32 evaluation error (<see cref="ActivationAccuracy"/>).
/// </summary>
public class BFloat16PredictorTests
{
    private const double Unit = 1.0 / 256; // 2⁻⁸: unit roundoff of an 8-bit significand

    [Fact]
    public void EachLayer_WithinTheStatedBound_RandomNetworksOfDepth1To4_EveryActivation_AtEveryTier()
    {
        var random = new Random(21);
        Activation[] activations = [.. ReferenceActivations.All(), Activation.Softmax];
        Tiers.ForEach(tier =>
        {
            for (int trial = 0; trial < 24; trial++)
            {
                int depth = 1 + (trial % 4);
                int inputSize = 1 + random.Next(90);
                var layers = Enumerable.Range(0, depth).Select(l =>
                {
                    Activation a = activations[random.Next(activations.Length)];
                    if (a.Kind == ActivationKind.Softmax && l != depth - 1)
                    {
                        a = Activation.Tanh; // softmax only as the output layer
                    }

                    return new LayerSpec(1 + random.Next(80), a);
                }).ToArray();
                var net = new Network(inputSize, layers);
                net.Initialize(WeightInit.GlorotUniform, random.Next());
                for (int l = 0; l < depth; l++)
                {
                    Data.Uniform(random, net.Bias(l).Length, 0.5f).CopyTo(net.Bias(l));
                }

                int batch = 1 + random.Next(6);
                float[] x = Data.Uniform(random, batch * inputSize, 2f);
                CheckLayerByLayer(net, x, batch, $"tier {tier} trial {trial} ({string.Join(", ", layers.Select(s => $"{s.Size} {s.Activation}"))})");
            }
        });
    }

    [Fact]
    public void Bf16Rounding_MatchesTheIndependentReference_ForSpecialAndRandomValues()
    {
        float[] special =
        [
            0f, -0f, 1f, -1f, float.Epsilon, -float.Epsilon, 1e-40f, float.MaxValue, -float.MaxValue, 3.3895314e38f,
            3.3961776e38f, float.PositiveInfinity, float.NegativeInfinity,
            BitConverter.UInt32BitsToSingle(0x3F808000), // exactly half-way, even below: rounds down
            BitConverter.UInt32BitsToSingle(0x3F818000), // exactly half-way, odd below: rounds up
            BitConverter.UInt32BitsToSingle(0x3F808001), // just above half-way
        ];
        var random = new Random(22);
        IEnumerable<float> values = special.Concat(Enumerable.Range(0, 100_000).Select(_ => BitConverter.UInt32BitsToSingle((uint)random.NextInt64(0, 1L << 32))).Where(float.IsFinite));
        foreach (float v in values)
        {
            float expected = ReferenceBFloat16.Round(v);
            float actual = Kernels.MathFunctions.BFloat16.Widen(Kernels.MathFunctions.BFloat16.Round(v));
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"{v:R} (0x{BitConverter.SingleToUInt32Bits(v):X8}): {actual:R}, expected {expected:R}");
        }

        Assert.True(float.IsNaN(Kernels.MathFunctions.BFloat16.Widen(Kernels.MathFunctions.BFloat16.Round(BitConverter.UInt32BitsToSingle(0x7F800001)))), "a signalling NaN must stay NaN, not round to ∞");
    }

    [Fact]
    public void Bf16Predictor_KeepsTheFloat32Guarantees_BatchRowsBitIdentical_Publish_Allocation_Metrics()
    {
        var random = new Random(23);
        Network net = PredictorTests.RandomNetwork(random, 37, [70, 17, 9], Activation.Tanh);
        var predictor = new Predictor(net, WeightPrecision.BFloat16);
        Assert.Equal(WeightPrecision.BFloat16, predictor.Precision);
        float[] x = Data.Uniform(random, 67 * net.InputSize);
        var y = new float[67 * net.OutputSize];
        predictor.Predict(x, 67, y);
        var single = new float[net.OutputSize];
        for (int s = 0; s < 67; s++)
        {
            predictor.Predict(x.AsSpan(s * net.InputSize, net.InputSize), single);
            Assert.True(single.AsSpan().SequenceEqual(y.AsSpan(s * net.OutputSize, net.OutputSize)), $"row {s}");
        }

        Allocations.AssertNone(() => predictor.Predict(x, 67, y), "bf16 batch of 67");

        Network other = PredictorTests.RandomNetwork(random, 37, [20, 9], Activation.ReLU);
        Assert.Equal(2, predictor.Publish(other));
        Assert.Equal(WeightPrecision.BFloat16, predictor.Precision); // a publish keeps the precision
        var expected = new float[net.OutputSize];
        new Predictor(other, WeightPrecision.BFloat16).Predict(x.AsSpan(0, net.InputSize), expected);
        predictor.Predict(x.AsSpan(0, net.InputSize), single);
        Assert.True(single.AsSpan().SequenceEqual(expected), "after publish: the new network in bf16");

        Assert.Equal("precision", Assert.Throws<ArgumentOutOfRangeException>(() => new Predictor(net, (WeightPrecision)7)).ParamName);
    }

    [Fact]
    public void DigitsModel_Bf16TestAccuracy_WithinAThirdOfAPointOfFloat32()
    {
        using var cli = new Cli.Simdbp();
        string model = cli.PathOf("digits.safetensors");
        (int code, _, string error) = cli.Run("train", "--model-out", model, "--plot", cli.PathOf("digits.svg"));
        Assert.True(code == 0, error);
        Network net = ModelFile.Load(model);
        (_, DataSet test) = Digits.LoadSplit();
        double float32 = Accuracy(new Predictor(net), test), bfloat16 = Accuracy(new Predictor(net, WeightPrecision.BFloat16), test);
        Assert.True(float32 >= 95, $"float32 accuracy {float32:F2}%");
        Assert.True(Math.Abs(bfloat16 - float32) <= 0.3, $"bf16 {bfloat16:F2}% against float32 {float32:F2}%");
    }

    private static double Accuracy(Predictor predictor, DataSet test)
    {
        var y = new float[test.Samples * test.OutputSize];
        predictor.Predict(test.Inputs, test.Samples, y);
        int right = 0;
        for (int s = 0; s < test.Samples; s++)
        {
            ReadOnlySpan<float> row = y.AsSpan(s * test.OutputSize, test.OutputSize);
            right += row.IndexOf(TensorMax(row)) == test.Targets.AsSpan(s * test.OutputSize, test.OutputSize).IndexOf(1f) ? 1 : 0;
        }

        return 100.0 * right / test.Samples;
    }

    private static float TensorMax(ReadOnlySpan<float> row)
    {
        float max = float.NegativeInfinity;
        foreach (float v in row)
        {
            max = Math.Max(max, v);
        }

        return max;
    }

    /// <summary>
    /// Runs the network through single-layer bf16 predictors, each fed the previous one's float32 outputs, checks
    /// that chain is bit-identical to the whole bf16 predictor (same kernels, same inputs), and holds each link
    /// to the bound against the double reference of that layer on that same input.
    /// </summary>
    private static void CheckLayerByLayer(Network net, float[] x, int batch, string what)
    {
        float[] input = x;
        for (int l = 0; l < net.LayerCount; l++)
        {
            LayerSpec spec = net.Layers[l];
            int k = net.LayerInputSize(l), n = spec.Size;
            var layer = new Network(k, [spec]);
            net.Weights(l).CopyTo(layer.Weights(0));
            net.Bias(l).CopyTo(layer.Bias(0));
            var output = new float[batch * n];
            new Predictor(layer, WeightPrecision.BFloat16).Predict(input, batch, output);
            for (int s = 0; s < batch; s++)
            {
                CheckBound(net.Weights(l), net.Bias(l), spec.Activation, input.AsSpan(s * k, k), output.AsSpan(s * n, n), $"{what} layer {l} sample {s}");
            }

            input = output;
        }

        var whole = new float[batch * net.OutputSize];
        new Predictor(net, WeightPrecision.BFloat16).Predict(x, batch, whole);
        Assert.True(whole.AsSpan().SequenceEqual(input), $"{what}: the whole predictor differs from its layers chained");
    }

    private static void CheckBound(ReadOnlySpan<float> theta, ReadOnlySpan<float> bias, Activation activation, ReadOnlySpan<float> x, ReadOnlySpan<float> y, string what)
    {
        int n = bias.Length, k = x.Length;
        double gamma = k * ActivationAccuracy.Epsilon / (1 - (k * ActivationAccuracy.Epsilon));
        var u = new double[n];
        var deltaU = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = bias[i], magnitude = 0, roundedMagnitude = 0;
            for (int p = 0; p < k; p++)
            {
                double t = theta[(i * k) + p];
                sum += t * x[p];
                magnitude += Math.Abs(t * x[p]);
                roundedMagnitude += Math.Abs(ReferenceBFloat16.Round((float)t) * (double)x[p]);
            }

            u[i] = sum;
            deltaU[i] = (Unit * magnitude) + (gamma * (Math.Abs(bias[i]) + roundedMagnitude));
        }

        if (activation.Kind == ActivationKind.Softmax)
        {
            // |Δs_i| ≤ 2·s_i·(1 − s_i)·max_j |Δu_j| ≤ ½·max_j |Δu_j| to first order; 1·max is the bound used.
            double[] s = ReferenceActivations.Softmax(u);
            double worst = deltaU.Max();
            for (int i = 0; i < n; i++)
            {
                double allowed = worst + (ActivationAccuracy.ForwardUlps * ActivationAccuracy.Epsilon * s[i]) + ActivationAccuracy.Tiny;
                Assert.True(Math.Abs(y[i] - s[i]) <= allowed, $"{what} output {i}: {y[i]:R} vs {s[i]:R}, allowed {allowed:E3}");
            }

            return;
        }

        for (int i = 0; i < n; i++)
        {
            double expected = ReferenceActivations.Forward(activation, u[i]);
            if (activation.Kind == ActivationKind.Threshold)
            {
                if (Math.Abs(u[i]) > deltaU[i]) // a step may flip only where u is within the bound of 0
                {
                    Assert.True(y[i] == expected, $"{what} output {i}: step of u = {u[i]:R} gave {y[i]}");
                }

                continue;
            }

            double evaluation = ActivationAccuracy.ForwardUlps * ActivationAccuracy.Epsilon * (1 + ActivationAccuracy.Condition(activation, u[i])) * (Math.Abs(expected) + (Lipschitz(activation) * deltaU[i]));
            double allowedOut = (Lipschitz(activation) * deltaU[i]) + evaluation + ActivationAccuracy.Tiny;
            Assert.True(Math.Abs(y[i] - expected) <= allowedOut, $"{what} {activation} output {i}: {y[i]:R} vs {expected:R}, allowed {allowedOut:E3}");
        }
    }

    /// <summary>max |σ'|: how far σ can move when u moves by 1.</summary>
    private static double Lipschitz(Activation a) => a.Kind switch
    {
        ActivationKind.Sigmoid => 0.25,
        ActivationKind.LeakyReLU => Math.Max(1, Math.Abs(a.Slope)),
        ActivationKind.SiLU => 1.0999,
        ActivationKind.Gelu or ActivationKind.GeluTanh => 1.1290,
        _ => 1, // identity, tanh, ReLU, softplus
    };
}
