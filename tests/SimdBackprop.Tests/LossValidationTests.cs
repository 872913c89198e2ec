namespace SimdBackprop.Tests;

/// <summary>Argument checks of every public loss entry (with the parameter they name) and zero allocation per call.</summary>
public class LossValidationTests
{
    [Fact]
    public void Evaluate_BadArguments_ThrowNamingTheParameter()
    {
        float[] y = new float[12], t = new float[12], d = new float[12];
        float[] shared = new float[40];
        const LossKind mse = LossKind.MeanSquaredError;
        Assert.Equal("loss", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.Evaluate((LossKind)42, 3, 4, y, t, d)).ParamName);
        Assert.Equal("loss", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.Evaluate((LossKind)(-1), 3, 4, y, t, d)).ParamName);
        Assert.Equal("batch", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.Evaluate(mse, -1, 4, y, t, d)).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.Evaluate(mse, 3, -4, y, t, d)).ParamName);
        // batch·features beyond int: an ArgumentException naming the parameter, not an OverflowException.
        Assert.Equal("features", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.Evaluate(mse, 1 << 16, 1 << 16, y, t, d)).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.Error(mse, 1 << 16, 1 << 16, y, t)).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.Softmax(1 << 16, 1 << 16, y, d)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => Losses.Evaluate(mse, 3, 4, new float[11], t, d)).ParamName);
        Assert.Equal("target", Assert.Throws<ArgumentException>(() => Losses.Evaluate(mse, 3, 4, y, new float[11], d)).ParamName);
        Assert.Equal("dOutput", Assert.Throws<ArgumentException>(() => Losses.Evaluate(mse, 3, 4, y, t, new float[11])).ParamName);
        Assert.Equal("dOutput", Assert.Throws<ArgumentException>(() => Losses.Evaluate(mse, 3, 4, shared.AsSpan(0, 12), t, shared.AsSpan(5, 12))).ParamName);
        Assert.Equal("dOutput", Assert.Throws<ArgumentException>(() => Losses.Evaluate(mse, 3, 4, y, shared.AsSpan(0, 12), shared.AsSpan(0, 12))).ParamName);
        Assert.Equal("dOutput", Assert.Throws<ArgumentException>(() => Losses.Evaluate(LossKind.SoftmaxCrossEntropy, 3, 4, y, shared.AsSpan(0, 12), shared.AsSpan(11, 12))).ParamName);
    }

    [Fact]
    public void Value_BadArguments_ThrowNamingTheParameter()
    {
        float[] y = new float[12], t = new float[12];
        Assert.Equal("loss", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.Error((LossKind)4, 3, 4, y, t)).ParamName);
        Assert.Equal("batch", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.Error(LossKind.SumOfSquares, -3, 4, y, t)).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.Error(LossKind.SumOfSquares, 3, -1, y, t)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => Losses.Error(LossKind.SumOfSquares, 3, 5, y, new float[15])).ParamName);
        Assert.Equal("target", Assert.Throws<ArgumentException>(() => Losses.Error(LossKind.SumOfSquares, 3, 4, y, new float[2])).ParamName);
    }

    [Fact]
    public void Softmax_BadArguments_ThrowNamingTheParameter()
    {
        float[] z = new float[12], p = new float[12], shared = new float[30];
        Assert.Equal("batch", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.Softmax(-1, 4, z, p)).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.Softmax(3, -4, z, p)).ParamName);
        Assert.Equal("logits", Assert.Throws<ArgumentException>(() => Losses.Softmax(3, 5, z, new float[15])).ParamName);
        Assert.Equal("probabilities", Assert.Throws<ArgumentException>(() => Losses.Softmax(3, 4, z, new float[11])).ParamName);
        Assert.Equal("probabilities", Assert.Throws<ArgumentException>(() => Losses.Softmax(3, 4, shared.AsSpan(0, 12), shared.AsSpan(1, 12))).ParamName);
    }

    [Fact]
    public void EvaluateValueSoftmax_AllocateNothingAfterWarmUp()
    {
        const int batch = 8, features = 129;
        float[] y = LossAccuracy.Uniform(new Random(21), batch * features, -3, 3);
        float[] t = LossAccuracy.ProbabilityRows(new Random(22), batch, features, oneHot: false);
        float[] d = new float[y.Length];
        Tiers.ForEach(tier =>
        {
            foreach (LossKind loss in Enum.GetValues<LossKind>())
            {
                Allocations.AssertNone(
                    () =>
                    {
                        Losses.Evaluate(loss, batch, features, y, t, d);
                        Losses.Error(loss, batch, features, y, t);
                        Losses.Softmax(batch, features, y, d);
                    },
                    loss.ToString());
            }
        });
    }
}
