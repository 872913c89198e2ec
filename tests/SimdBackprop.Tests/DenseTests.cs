using FsCheck.Fluent;
using SimdBackprop.Tests.Reference;
using SimdBackprop.Validation;

namespace SimdBackprop.Tests;

public class DenseTests
{
    // Bounds: u_i = Σ_ℓ θ_iℓ·o_ℓ + b_i in float is within (k + 2)·2⁻²⁴·(Σ|θ·o| + |b|) of the exact sum; we allow 4×.
    // o = σ(u): σ' ≤ 1.2 for every activation here, plus the activation's own 1e-5 relative / 1e-6 absolute error.
    // Gradients: within 1e-4 of the tensor's magnitude Σ|δ|·|o| (σ' = 1 − o² loses digits near saturation in float).
    private static readonly Activation[] Trainable = ReferenceActivations.Differentiable().ToArray();

    [Fact]
    public void Forward_MatchesReference_OnEdgeShapes_AtEveryTier()
    {
        var random = new Random(1);
        Tiers.ForEach(tier =>
        {
            foreach ((int batch, int inF, int outF) in EdgeShapes(tier))
            {
                CheckForward(random, batch, inF, outF, Trainable[random.Next(Trainable.Length)]);
            }
        });
    }

    [Fact]
    public void Backward_MatchesReference_OnEdgeShapes_AtEveryTier()
    {
        var random = new Random(2);
        Tiers.ForEach(tier =>
        {
            foreach ((int batch, int inF, int outF) in EdgeShapes(tier))
            {
                CheckBackward(random, batch, inF, outF, Trainable[random.Next(Trainable.Length)], skipInput: random.Next(4) == 0);
            }
        });
    }

    [Fact]
    public void ForwardAndBackward_Property_RandomShapesActivationsAndValues()
    {
        var gen =
            from batch in Properties.EdgeSize(20)
            from inF in Properties.EdgeSize(40)
            from outF in Properties.EdgeSize(40)
            from act in Gen.Elements(ReferenceActivations.Differentiable().ToArray())
            from tier in Gen.Elements(Simd.AvailableTiers.ToArray())
            from seed in Properties.Seed
            select (batch, inF, outF, act, tier, seed);
        Properties.Check(gen, p =>
        {
            using (Simd.LimitCurrentThread(p.tier))
            {
                var random = new Random(p.seed);
                CheckForward(random, p.batch, p.inF, p.outF, p.act);
                CheckBackward(random, p.batch, p.inF, p.outF, p.act, skipInput: p.seed % 3 == 0);
            }
        }, maxTest: 150);
    }

    [Fact]
    public void Forward_Threshold_IsHeavisideStepOfReference()
    {
        var random = new Random(3);
        CheckForward(random, 5, 7, 9, Activation.Threshold, thresholdOnly: true);
    }

    [Fact]
    public void Backward_WithoutAccumulate_OverwritesGradientsWithoutReadingThem()
    {
        // dWeights and dBias full of NaN (stale, never to be read): accumulate: false must give exactly what
        // accumulating into zeros gives, the batch spanning several weight-gradient k slices and tile edges.
        var random = new Random(14);
        foreach ((int batch, int inF, int outF) in new[] { (3, 5, 4), (37, 70, 10), (1030, 33, 13) })
        {
            float[] x = Data.Uniform(random, batch * inF), w = Data.Uniform(random, outF * inF), b = Data.Uniform(random, outF);
            float[] u = new float[batch * outF], o = new float[batch * outF];
            Dense.Forward(batch, inF, outF, x, w, b, Activation.Tanh, u, o);
            float[] dO = Data.Uniform(random, batch * outF), delta = new float[batch * outF];
            float[] dWZero = new float[outF * inF], dBZero = new float[outF];
            Dense.Backward(batch, inF, outF, x, w, Activation.Tanh, u, o, dO, delta, default, dWZero, dBZero);
            float[] dW = new float[outF * inF], dB = new float[outF];
            Array.Fill(dW, float.NaN);
            Array.Fill(dB, float.NaN);
            Dense.Backward(batch, inF, outF, x, w, Activation.Tanh, u, o, dO, delta, default, dW, dB, accumulate: false);
            Assert.Equal(dWZero, dW);
            Assert.Equal(dBZero, dB);
        }
    }

    [Fact]
    public void Backward_AccumulatesIntoGradients()
    {
        var random = new Random(4);
        const int batch = 3, inF = 5, outF = 4;
        float[] x = Data.Uniform(random, batch * inF), w = Data.Uniform(random, outF * inF), b = Data.Uniform(random, outF);
        float[] u = new float[batch * outF], o = new float[batch * outF];
        Dense.Forward(batch, inF, outF, x, w, b, Activation.Tanh, u, o);
        float[] dO = Data.Uniform(random, batch * outF);
        float[] dW1 = new float[outF * inF], dB1 = new float[outF], delta = new float[batch * outF];
        Dense.Backward(batch, inF, outF, x, w, Activation.Tanh, u, o, dO, delta, default, dW1, dB1);
        float[] dW2 = (float[])dW1.Clone(), dB2 = (float[])dB1.Clone();
        Dense.Backward(batch, inF, outF, x, w, Activation.Tanh, u, o, dO, delta, default, dW2, dB2);
        for (int i = 0; i < dW1.Length; i++)
        {
            Assert.Equal(2 * dW1[i], dW2[i], 5e-6f);
        }

        for (int i = 0; i < dB1.Length; i++)
        {
            Assert.Equal(2 * dB1[i], dB2[i], 5e-6f);
        }
    }

    [Fact]
    public void Backward_DeltaInPlaceOverDOutput_GivesSameResult()
    {
        var random = new Random(5);
        const int batch = 4, inF = 6, outF = 5;
        float[] x = Data.Uniform(random, batch * inF), w = Data.Uniform(random, outF * inF), b = Data.Uniform(random, outF);
        float[] u = new float[batch * outF], o = new float[batch * outF];
        Dense.Forward(batch, inF, outF, x, w, b, Activation.Sigmoid, u, o);
        float[] dO = Data.Uniform(random, batch * outF);
        float[] delta = new float[dO.Length], dX1 = new float[batch * inF], dW1 = new float[w.Length], dB1 = new float[outF];
        Dense.Backward(batch, inF, outF, x, w, Activation.Sigmoid, u, o, dO, delta, dX1, dW1, dB1);
        float[] inPlace = (float[])dO.Clone(), dX2 = new float[batch * inF], dW2 = new float[w.Length], dB2 = new float[outF];
        Dense.Backward(batch, inF, outF, x, w, Activation.Sigmoid, u, o, inPlace, inPlace, dX2, dW2, dB2);
        Assert.Equal(delta, inPlace);
        Assert.Equal(dX1, dX2);
        Assert.Equal(dW1, dW2);
        Assert.Equal(dB1, dB2);
    }

    [Fact]
    public void Backward_Threshold_Throws()
    {
        Assert.Throws<NotSupportedException>(() =>
            Dense.Backward(1, 1, 1, new float[1], new float[1], Activation.Threshold, new float[1], new float[1], new float[1], new float[1], default, new float[1], new float[1]));
    }

    [Fact]
    public void Forward_BadInput_ThrowsNamingTheParameter()
    {
        float[] x = new float[6], w = new float[6], b = new float[3], u = new float[6], o = new float[6];
        void F(int batch, int inF, int outF, float[] xx, float[] ww, float[] bb, Span<float> uu, Span<float> oo) =>
            Dense.Forward(batch, inF, outF, xx, ww, bb, Activation.ReLU, uu, oo);

        Assert.Throws<ArgumentOutOfRangeException>("batch", () => F(-1, 2, 3, x, w, b, u, o));
        Assert.Throws<ArgumentOutOfRangeException>("inFeatures", () => F(2, -2, 3, x, w, b, u, o));
        Assert.Throws<ArgumentOutOfRangeException>("outFeatures", () => F(2, 2, -3, x, w, b, u, o));
        Assert.Throws<ArgumentException>("input", () => F(2, 2, 3, new float[3], w, b, u, o));
        Assert.Throws<ArgumentException>("weights", () => F(2, 2, 3, x, new float[5], b, u, o));
        Assert.Throws<ArgumentException>("bias", () => F(2, 2, 3, x, w, new float[2], u, o));
        Assert.Throws<ArgumentException>("preActivation", () => F(2, 2, 3, x, w, b, new float[5], o));
        Assert.Throws<ArgumentException>("output", () => F(2, 2, 3, x, w, b, u, new float[5]));
        Assert.Throws<ArgumentException>("preActivation", () => F(2, 2, 3, x, w, b, x, o));
        Assert.Throws<ArgumentException>("output", () => F(2, 2, 3, x, w, b, u, w));
        float[] big = new float[12];
        Assert.Throws<ArgumentException>("output", () => F(2, 2, 3, x, w, b, big.AsSpan(0, 6), big.AsSpan(3, 6)));
    }

    [Fact]
    public void Backward_BadInput_ThrowsNamingTheParameter()
    {
        const int batch = 2, inF = 2, outF = 3;
        float[] x = new float[4], w = new float[6], u = new float[6], o = new float[6], dO = new float[6];
        float[] d = new float[6], dX = new float[4], dW = new float[6], dB = new float[3];
        void B(float[] xx, float[] ww, float[] uu, float[] oo, float[] dOut, Span<float> delta, Span<float> dIn, Span<float> dWeights, Span<float> dBias) =>
            Dense.Backward(batch, inF, outF, xx, ww, Activation.ReLU, uu, oo, dOut, delta, dIn, dWeights, dBias);

        Assert.Throws<ArgumentException>("input", () => B(new float[3], w, u, o, dO, d, dX, dW, dB));
        Assert.Throws<ArgumentException>("weights", () => B(x, new float[5], u, o, dO, d, dX, dW, dB));
        Assert.Throws<ArgumentException>("preActivation", () => B(x, w, new float[5], o, dO, d, dX, dW, dB));
        Assert.Throws<ArgumentException>("output", () => B(x, w, u, new float[5], dO, d, dX, dW, dB));
        Assert.Throws<ArgumentException>("dOutput", () => B(x, w, u, o, new float[5], d, dX, dW, dB));
        Assert.Throws<ArgumentException>("delta", () => B(x, w, u, o, dO, new float[5], dX, dW, dB));
        Assert.Throws<ArgumentException>("dInput", () => B(x, w, u, o, dO, d, new float[3], dW, dB));
        Assert.Throws<ArgumentException>("dWeights", () => B(x, w, u, o, dO, d, dX, new float[5], dB));
        Assert.Throws<ArgumentException>("dBias", () => B(x, w, u, o, dO, d, dX, dW, new float[2]));
        Assert.Throws<ArgumentException>("dWeights", () => B(x, w, u, o, dO, d, dX, w, dB));
        Assert.Throws<ArgumentException>("delta", () => B(x, w, u, o, dO, u, dX, dW, dB));
        Assert.Throws<ArgumentException>("dInput", () => B(x, w, u, o, dO, d, x, dW, dB));
        Assert.Throws<ArgumentException>("dBias", () => B(x, w, u, o, dO, d, dX, dW, dW.AsSpan(0, 3)));
        Assert.Throws<ArgumentException>("dInput", () => B(x, w, u, o, dO, d, d.AsSpan(0, 4), dW, dB));
        Assert.Throws<ArgumentOutOfRangeException>("batch", () =>
            Dense.Backward(-1, inF, outF, x, w, Activation.ReLU, u, o, dO, d, dX, dW, dB));
    }

    /// <summary>Shapes straddling every vector width and the GEMM small/packed regimes.</summary>
    private static IEnumerable<(int Batch, int In, int Out)> EdgeShapes(SimdTier tier)
    {
        int w = Tiers.Width(tier);
        int[] sizes = [1, Math.Max(1, w - 1), w, w + 1, (2 * w) + 1];
        foreach (int batch in new[] { 0, 1, 3, w + 1 })
        {
            foreach (int inF in sizes)
            {
                foreach (int outF in sizes)
                {
                    yield return (batch, inF, outF);
                }
            }
        }

        yield return (33, 70, 65);
        yield return (1, 784, 17);
    }

    private static void CheckForward(Random random, int batch, int inF, int outF, Activation act, bool thresholdOnly = false)
    {
        float[] x = Data.Uniform(random, batch * inF), w = Data.Uniform(random, outF * inF, 0.5f), b = Data.Uniform(random, outF);
        float[] u = new float[batch * outF], o = new float[batch * outF];
        Dense.Forward(batch, inF, outF, x, w, b, act, u, o);
        var uRef = new double[batch * outF];
        var mag = new double[batch * outF];
        for (int s = 0; s < batch; s++)
        {
            for (int i = 0; i < outF; i++)
            {
                double sum = b[i], abs = Math.Abs(b[i]);
                for (int l = 0; l < inF; l++)
                {
                    sum += (double)w[(i * inF) + l] * x[(s * inF) + l];
                    abs += Math.Abs((double)w[(i * inF) + l] * x[(s * inF) + l]);
                }

                uRef[(s * outF) + i] = sum;
                mag[(s * outF) + i] = abs;
            }
        }

        double relU = 4 * (inF + 2) * Tolerance.Epsilon;
        Tolerance.Within(u, uRef, mag, relU, 1e-30, $"u ({act}, {batch}×{inF}→{outF})");
        if (thresholdOnly)
        {
            for (int i = 0; i < o.Length; i++)
            {
                Assert.Equal(u[i] >= 0 ? 1f : 0f, o[i]);
            }

            return;
        }

        // o is compared with σ of the library's own u (so u's rounding does not enter twice), within the activation's error.
        double[] oRef = u.Select(v => ReferenceActivations.Forward(act, v)).ToArray();
        Tolerance.Within(o, oRef, oRef.Select(Math.Abs).ToArray(), 1e-5, 1e-6, $"o ({act})");
    }

    private static void CheckBackward(Random random, int batch, int inF, int outF, Activation act, bool skipInput)
    {
        float[] x = Data.Uniform(random, batch * inF), w = Data.Uniform(random, outF * inF, 0.5f), b = Data.Uniform(random, outF);
        float[] u = new float[batch * outF], o = new float[batch * outF];
        Dense.Forward(batch, inF, outF, x, w, b, act, u, o);
        float[] dO = Data.Uniform(random, batch * outF);
        float[] delta = new float[batch * outF], dX = skipInput ? [] : new float[batch * inF];
        float[] dW0 = Data.Uniform(random, outF * inF), dB0 = Data.Uniform(random, outF);
        float[] dW = (float[])dW0.Clone(), dB = (float[])dB0.Clone();
        Dense.Backward(batch, inF, outF, x, w, act, u, o, dO, delta, dX, dW, dB);

        // The derivation, in double, from the library's own u (so only the backward pass is under test).
        double[] deltaRef = new double[batch * outF];
        for (int i = 0; i < deltaRef.Length; i++)
        {
            deltaRef[i] = dO[i] * ReferenceActivations.Derivative(act, u[i]);
        }

        Tolerance.Within(delta, deltaRef, deltaRef.Select(Math.Abs).ToArray(), 1e-4, 1e-6, $"δ ({act})");
        double[] dWRef = dW0.ToDouble(), dWMag = dW0.Select(v => (double)Math.Abs(v)).ToArray();
        double[] dBRef = dB0.ToDouble(), dBMag = dB0.Select(v => (double)Math.Abs(v)).ToArray();
        double[] dXRef = new double[batch * inF], dXMag = new double[batch * inF];
        for (int s = 0; s < batch; s++)
        {
            for (int i = 0; i < outF; i++)
            {
                double di = deltaRef[(s * outF) + i];
                dBRef[i] += di;
                dBMag[i] += Math.Abs(di);
                for (int l = 0; l < inF; l++)
                {
                    dWRef[(i * inF) + l] += di * x[(s * inF) + l];
                    dWMag[(i * inF) + l] += Math.Abs(di * x[(s * inF) + l]);
                    dXRef[(s * inF) + l] += di * w[(i * inF) + l];
                    dXMag[(s * inF) + l] += Math.Abs(di * w[(i * inF) + l]);
                }
            }
        }

        double rel = 1e-4 + (4 * (Math.Max(batch, outF) + 2) * Tolerance.Epsilon);
        Tolerance.Within(dW, dWRef, dWMag, rel, 1e-6, $"dW ({act})");
        Tolerance.Within(dB, dBRef, dBMag, rel, 1e-6, $"dB ({act})");
        if (!skipInput)
        {
            Tolerance.Within(dX, dXRef, dXMag, rel, 1e-6, $"dX ({act})");
        }
    }
}
