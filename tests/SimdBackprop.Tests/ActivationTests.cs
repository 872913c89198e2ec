using static SimdBackprop.Tests.ActivationAccuracy;
using SimdBackprop.Tests.Reference;

namespace SimdBackprop.Tests;

/// <summary>
/// Forward, Derivative and Backward of every activation against the double reference, at every tier, every
/// edge length, every magnitude class (bounds: see <see cref="ActivationAccuracy"/>), in place, at special values.
/// </summary>
public class ActivationTests
{
    [Fact]
    public void Forward_MatchesReference_EveryLengthRangeAndTier()
    {
        var random = new Random(1);
        Tiers.ForEach(tier =>
        {
            foreach (Activation a in ReferenceActivations.All())
            {
                foreach (double range in Ranges)
                {
                    foreach (int n in Tiers.EdgeLengths())
                    {
                        float[] u = Values(random, n, range);
                        float[] o = new float[n + 1];
                        o[n] = 12345f; // sentinel: nothing past the length is written
                        Activations.Forward(a, u, o);
                        Assert.Equal(12345f, o[n]);
                        for (int i = 0; i < n; i++)
                        {
                            double expected = ReferenceActivations.Forward(a, u[i]);
                            Assert.True(
                                Close(expected, o[i], ForwardTolerance(a, u[i], expected)),
                                $"{a} n={n} u[{i}]={u[i]:R}: expected {expected:R}, got {o[i]:R}");
                        }

                        // Exact in place gives the very same bits as out of place.
                        float[] inPlace = (float[])u.Clone();
                        Activations.Forward(a, inPlace, inPlace);
                        Assert.Equal(o.AsSpan(0, n).ToArray(), inPlace);
                    }
                }
            }
        });
    }

    [Fact]
    public void DerivativeAndBackward_MatchReference_EveryLengthRangeAndTier()
    {
        var random = new Random(2);
        Tiers.ForEach(tier =>
        {
            foreach (Activation a in ReferenceActivations.Differentiable())
            {
                foreach (double range in Ranges)
                {
                    foreach (int n in Tiers.EdgeLengths())
                    {
                        float[] u = Values(random, n, range);
                        float[] o = new float[n];
                        Activations.Forward(a, u, o);
                        float[] dOutput = Values(random, n, 2);
                        float[] derivative = new float[n + 1];
                        float[] delta = new float[n + 1];
                        derivative[n] = delta[n] = 12345f;
                        Activations.Derivative(a, u, o, derivative);
                        Activations.Backward(a, dOutput, u, o, delta);
                        Assert.Equal(12345f, derivative[n]);
                        Assert.Equal(12345f, delta[n]);
                        for (int i = 0; i < n; i++)
                        {
                            double expected = ReferenceActivations.Derivative(a, u[i]);
                            double tolerance = DerivativeTolerance(a, u[i], expected);
                            Assert.True(Close(expected, derivative[i], tolerance), $"σ' {a} n={n} u[{i}]={u[i]:R}: expected {expected:R}, got {derivative[i]:R}");
                            double expectedDelta = dOutput[i] * expected;
                            double deltaTolerance = (Math.Abs(dOutput[i]) * tolerance) + (Epsilon * Math.Abs(expectedDelta));
                            Assert.True(Close(expectedDelta, delta[i], deltaTolerance), $"δ {a} n={n} u[{i}]={u[i]:R} dOutput={dOutput[i]:R}: expected {expectedDelta:R}, got {delta[i]:R}");
                        }

                        // δ may overwrite dOutput exactly: same bits as out of place.
                        float[] inPlace = (float[])dOutput.Clone();
                        Activations.Backward(a, inPlace, u, o, inPlace);
                        Assert.Equal(delta.AsSpan(0, n).ToArray(), inPlace);
                    }
                }
            }
        });
    }

    public static readonly float[] Specials =
    [
        0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, float.MaxValue, -float.MaxValue, 1e4f, -1e4f,
        float.Epsilon, -float.Epsilon, 1e-30f, -1e-30f, 88.7f, -88.7f, 103f, -103f, 1e20f, -1e20f,
    ];

    [Fact]
    public void SpecialValues_MatchReferenceLimits_AndNaNPropagatesForward()
    {
        Tiers.ForEach(tier =>
        {
            // Repeat the specials so each lands in every lane position of the widest vector, and in the tail.
            float[] u = Enumerable.Range(0, 3 * 16 * Specials.Length / 16 + 7).Select(i => Specials[i % Specials.Length]).ToArray();
            foreach (Activation a in ReferenceActivations.All())
            {
                float[] o = new float[u.Length];
                Activations.Forward(a, u, o);
                for (int i = 0; i < u.Length; i++)
                {
                    double expected = ReferenceActivations.Forward(a, u[i]);
                    Assert.True(Close(expected, o[i], ForwardTolerance(a, u[i], expected)), $"{a}({u[i]:R}): expected {expected:R}, got {o[i]:R}");
                    if (float.IsNaN(u[i]))
                    {
                        Assert.True(float.IsNaN(o[i]), $"{a}(NaN) must be NaN, got {o[i]}");
                    }
                }

                if (!a.HasDerivative)
                {
                    continue;
                }

                float[] d = new float[u.Length];
                Activations.Derivative(a, u, o, d);
                for (int i = 0; i < u.Length; i++)
                {
                    if (float.IsNaN(u[i]))
                    {
                        continue; // σ'(NaN) is unspecified (ReLU's comparison gives 0); only the forward must propagate.
                    }

                    double expected = ReferenceActivations.Derivative(a, u[i]);
                    Assert.True(Close(expected, d[i], DerivativeTolerance(a, u[i], expected)), $"σ' {a}({u[i]:R}): expected {expected:R}, got {d[i]:R}");
                }
            }

            // Odd functions keep the sign of zero.
            foreach (Activation a in new[] { Activation.Identity, Activation.Tanh })
            {
                float[] zeros = Enumerable.Repeat(-0f, 37).ToArray();
                Activations.Forward(a, zeros, zeros);
                Assert.All(zeros, z => Assert.True(float.IsNegative(z) && z == 0, $"{a}(−0) = {z}"));
            }
        });
    }

    [Fact]
    public void NoNaNOrInfinity_ForFiniteInputsUpTo1e4()
    {
        var random = new Random(3);
        Tiers.ForEach(tier =>
        {
            float[] u = Values(random, 4099, 1e4).Concat(Values(random, 1000, 200)).Append(1e4f).Append(-1e4f).ToArray();
            float[] o = new float[u.Length];
            float[] d = new float[u.Length];
            float[] ones = Enumerable.Repeat(1f, u.Length).ToArray();
            foreach (Activation a in ReferenceActivations.All())
            {
                Activations.Forward(a, u, o);
                Assert.All(o, v => Assert.True(float.IsFinite(v), $"{a} produced {v}"));
                if (a.HasDerivative)
                {
                    Activations.Derivative(a, u, o, d);
                    Assert.All(d, v => Assert.True(float.IsFinite(v), $"σ' {a} produced {v}"));
                    Activations.Backward(a, ones, u, o, d);
                    Assert.All(d, v => Assert.True(float.IsFinite(v), $"δ {a} produced {v}"));
                }
            }
        });
    }

    [Fact]
    public void Derivative_MatchesCentralDifferencesOfTheReference()
    {
        // Points away from ReLU's kink at 0; h relative to |u|; central differences in double are good to
        // ~1e−9 here, so the library's σ' must match to its derivative bound, and the reference's own σ'
        // (which the other tests trust) to 1e−7.
        double[] points = [-30, -12, -6.5, -3, -1.7, -0.9, -0.31, -0.05, -0.002, 0.002, 0.05, 0.31, 0.9, 1.7, 3, 6.5, 12, 30];
        Tiers.ForEach(tier =>
        {
            float[] u = points.Select(p => (float)p).ToArray();
            foreach (Activation a in ReferenceActivations.Differentiable())
            {
                float[] o = new float[u.Length];
                float[] d = new float[u.Length];
                Activations.Forward(a, u, o);
                Activations.Derivative(a, u, o, d);
                for (int i = 0; i < u.Length; i++)
                {
                    double x = u[i];
                    double h = 1e-5 * Math.Max(1, Math.Abs(x));
                    double fd = (ReferenceActivations.Forward(a, x + h) - ReferenceActivations.Forward(a, x - h)) / (2 * h);
                    double reference = ReferenceActivations.Derivative(a, x);
                    Assert.True(Math.Abs(reference - fd) <= 1e-7 * (1 + Math.Abs(fd)), $"reference σ' {a}({x}) = {reference:R}, differences give {fd:R}");
                    double tolerance = DerivativeTolerance(a, u[i], fd) + (1e-8 * (1 + Math.Abs(fd)));
                    Assert.True(Math.Abs(d[i] - fd) <= tolerance, $"σ' {a}({x}) = {d[i]:R}, differences give {fd:R}");
                }
            }
        });
    }
}
