using SimdBackprop.Tests.Reference;

namespace SimdBackprop.Tests;

/// <summary>Argument checks of every public activation entry (with the parameter they name) and zero allocation per call.</summary>
public class ActivationValidationTests
{
    [Fact]
    public void Threshold_DerivativeAndBackward_ThrowNotSupported()
    {
        float[] x = new float[8];
        Assert.Throws<NotSupportedException>(() => Activations.Derivative(Activation.Threshold, x, x, new float[8]));
        Assert.Throws<NotSupportedException>(() => Activations.Backward(Activation.Threshold, x, x, x, new float[8]));
        Assert.False(Activation.Threshold.HasDerivative);
    }

    [Fact]
    public void LeakyReLU_NonFiniteSlope_Throws()
    {
        foreach (float slope in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => Activation.LeakyReLU(slope));
            Assert.Equal("slope", e.ParamName);
        }

        Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(() => Activation.FromKind((ActivationKind)99)).ParamName);
    }

    [Fact]
    public void Forward_BadArguments_ThrowNamingTheParameter()
    {
        float[] buffer = new float[32];
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => Activations.Forward(Activation.ReLU, new float[8], new float[7])).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => Activations.Forward(Activation.ReLU, buffer.AsSpan(0, 16), buffer.AsSpan(1, 16))).ParamName);
    }

    [Fact]
    public void Derivative_BadArguments_ThrowNamingTheParameter()
    {
        Activation a = Activation.Sigmoid;
        float[] buffer = new float[32];
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => Activations.Derivative(a, new float[8], new float[7], new float[8])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Activations.Derivative(a, new float[8], new float[8], new float[7])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Activations.Derivative(a, buffer.AsSpan(0, 8), new float[8], buffer.AsSpan(3, 8))).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Activations.Derivative(a, new float[8], buffer.AsSpan(0, 8), buffer.AsSpan(3, 8))).ParamName);
    }

    [Fact]
    public void Backward_BadArguments_ThrowNamingTheParameter()
    {
        Activation a = Activation.Tanh;
        float[] buffer = new float[32];
        float[] e8 = new float[8];
        Assert.Equal("preActivation", Assert.Throws<ArgumentException>(() => Activations.Backward(a, e8, new float[7], e8, new float[8])).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => Activations.Backward(a, e8, e8, new float[9], new float[8])).ParamName);
        Assert.Equal("delta", Assert.Throws<ArgumentException>(() => Activations.Backward(a, e8, e8, e8, new float[7])).ParamName);
        Assert.Equal("delta", Assert.Throws<ArgumentException>(() => Activations.Backward(a, buffer.AsSpan(0, 8), e8, e8, buffer.AsSpan(2, 8))).ParamName);
        Assert.Equal("delta", Assert.Throws<ArgumentException>(() => Activations.Backward(a, e8, buffer.AsSpan(0, 8), e8, buffer.AsSpan(2, 8))).ParamName);
        Assert.Equal("delta", Assert.Throws<ArgumentException>(() => Activations.Backward(a, e8, e8, buffer.AsSpan(0, 8), buffer.AsSpan(2, 8))).ParamName);
    }

    [Fact]
    public void ForwardAndBackward_AllocateNothingAfterWarmUp()
    {
        float[] u = ActivationAccuracy.Values(new Random(4), 1031, 5);
        float[] o = new float[u.Length];
        float[] delta = new float[u.Length];
        Tiers.ForEach(tier =>
        {
            foreach (Activation a in ReferenceActivations.Differentiable())
            {
                Allocations.AssertNone(
                    () =>
                    {
                        Activations.Forward(a, u, o);
                        Activations.Backward(a, u, u, o, delta);
                        Activations.Derivative(a, u, o, delta);
                    },
                    a.ToString());
            }
        });
    }
}
