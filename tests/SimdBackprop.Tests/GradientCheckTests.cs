namespace SimdBackprop.Tests;

public class GradientCheckTests
{
    [Fact]
    public void Run_PassesOnCorrectGradients_ForDepths1To4()
    {
        var random = new Random(9);
        for (int depth = 1; depth <= 4; depth++)
        {
            Network net = NetworkTests.RandomNetwork(random, depth, out int batch, smoothOnly: true);
            float[] x = Data.Uniform(random, batch * net.InputSize);
            float[] t = Data.Uniform(random, batch * net.OutputSize);
            float[] before = net.Parameters.ToArray();
            GradientCheckReport report = GradientCheck.Run(net, x, t, batch, LossKind.MeanSquaredError, epsilon: 1e-2f);
            Assert.Equal(2 * depth, report.Tensors.Count);
            Assert.Equal("layers.0.weight", report.Tensors[0].Name);
            Assert.Equal($"layers.{depth - 1}.bias", report.Tensors[^1].Name);
            // Float forward passes put about 1e-6·|E|/ε of rounding into each difference quotient (more on the
            // scalar tier, which sums sequentially), so 5% is the bound a float checker can promise here.
            Assert.True(report.Passed(5e-2), string.Join("; ", report.Tensors));
            Assert.Equal(before, net.Parameters.ToArray()); // parameters restored exactly
        }
    }

    [Fact]
    public void Run_FailsWhenOneGradientElementIsWrong()
    {
        // A checker that always passes would be worthless: corrupt one back-propagated element by 25% of the
        // network's largest gradient and the report must single out that tensor and element.
        var random = new Random(10);
        Network net = NetworkTests.RandomNetwork(random, 3, out int batch, smoothOnly: true);
        float[] x = Data.Uniform(random, batch * net.InputSize), t = Data.Uniform(random, batch * net.OutputSize);
        GradientCheckReport good = GradientCheck.Run(net, x, t, batch, LossKind.MeanSquaredError, epsilon: 1e-2f);
        Assert.True(good.Passed(5e-2), string.Join("; ", good.Tensors));
        int worst = net.BiasGradients(1).ToArray().Select(Math.Abs).Select((v, i) => (v, i)).Max().i;
        GradientCheckReport bad = GradientCheck.Run(
            net, x, t, batch, LossKind.MeanSquaredError, 1e-2f, 1e-2, n => n.BiasGradients(1)[worst] += 0.25f * MaxAbs(n.Gradients));
        Assert.False(bad.Passed(5e-2));
        TensorGradientError flagged = bad.Tensors.MaxBy(e => e.MaxRelativeError);
        Assert.Equal("layers.1.bias", flagged.Name);
        Assert.Equal(worst, flagged.WorstIndex);
    }

    [Fact]
    public void BadInput_ThrowsNamingTheParameter()
    {
        var net = new Network(2, new LayerSpec(1, Activation.Sigmoid));
        Assert.Throws<ArgumentNullException>("network", () => GradientCheck.Run(null!, new float[2], new float[1], 1, LossKind.SumOfSquares));
        Assert.Throws<ArgumentOutOfRangeException>("batch", () => GradientCheck.Run(net, new float[2], new float[1], 0, LossKind.SumOfSquares));
        Assert.Throws<ArgumentOutOfRangeException>("epsilon", () => GradientCheck.Run(net, new float[2], new float[1], 1, LossKind.SumOfSquares, epsilon: 0));
        Assert.Throws<ArgumentOutOfRangeException>("floor", () => GradientCheck.Run(net, new float[2], new float[1], 1, LossKind.SumOfSquares, floor: 0));
        Assert.Throws<ArgumentException>("input", () => GradientCheck.Run(net, new float[1], new float[1], 1, LossKind.SumOfSquares));
        Assert.Throws<ArgumentException>("target", () => GradientCheck.Run(net, new float[2], new float[0], 1, LossKind.SumOfSquares));
    }

    private static float MaxAbs(ReadOnlySpan<float> x)
    {
        float max = 0;
        foreach (float v in x)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }
}
