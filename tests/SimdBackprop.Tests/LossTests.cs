using static SimdBackprop.Tests.LossAccuracy;
using SimdBackprop.Tests.Reference;

namespace SimdBackprop.Tests;

/// <summary>Losses.Evaluate / Value / Softmax against the double reference at every tier (bounds: <see cref="LossAccuracy"/>).</summary>
public class LossTests
{
    private static readonly LossKind[] Kinds = Enum.GetValues<LossKind>();

    private static void CheckCase(LossKind loss, int batch, int features, float[] y, float[] t, string context)
    {
        int n = batch * features;
        double expected = ReferenceLosses.Error(loss, batch, features, ToDouble(y), ToDouble(t));
        double[] expectedGradient = ReferenceLosses.Gradient(loss, batch, features, ToDouble(y), ToDouble(t));
        double tolerance = ValueTolerance(loss, batch, features, t, expected);
        double[] tolerances = GradientTolerances(loss, batch, features, y, t, expectedGradient);

        float[] dOutput = new float[n + 1];
        dOutput[n] = 12345f;
        float e = Losses.Evaluate(loss, batch, features, y, t, dOutput);
        Assert.Equal(12345f, dOutput[n]);
        Assert.True(Math.Abs(e - expected) <= tolerance, $"{loss} {context}: E = {e:R}, expected {expected:R} ± {tolerance:G3}");
        Assert.Equal(e, Losses.Error(loss, batch, features, y, t));
        for (int i = 0; i < n; i++)
        {
            Assert.True(
                Math.Abs(dOutput[i] - expectedGradient[i]) <= tolerances[i],
                $"{loss} {context}: ∂E/∂y[{i}] = {dOutput[i]:R}, expected {expectedGradient[i]:R} ± {tolerances[i]:G3}");
        }

        // In place (dOutput is y itself): same E, same gradient bits.
        float[] inPlace = (float[])y.Clone();
        Assert.Equal(e, Losses.Evaluate(loss, batch, features, inPlace, t, inPlace));
        Assert.Equal(dOutput.AsSpan(0, n).ToArray(), inPlace.AsSpan(0, n).ToArray());
    }

    [Fact]
    public void Evaluate_MatchesReference_EveryEdgeWidthAndTier()
    {
        var random = new Random(11);
        Tiers.ForEach(tier =>
        {
            foreach (LossKind loss in Kinds)
            {
                foreach (int features in Tiers.EdgeLengths())
                {
                    foreach (int batch in new[] { 0, 1, 3 })
                    {
                        int n = batch * features;
                        float[] y = Uniform(random, n, -4, 4);
                        float[] t = loss == LossKind.SoftmaxCrossEntropy
                            ? ProbabilityRows(random, batch, features, oneHot: (features & 1) == 0)
                            : Uniform(random, n, -4, 4);
                        CheckCase(loss, batch, features, y, t, $"batch={batch} features={features}");
                    }
                }
            }
        });
    }

    [Fact]
    public void CrossEntropy_IsStableForHugeLogits_AndHonoursUnnormalizedTargets()
    {
        var random = new Random(12);
        Tiers.ForEach(tier =>
        {
            foreach (double scale in new[] { 1e2, 1e3, 1e4 })
            {
                const int batch = 4, features = 37;
                float[] y = Uniform(random, batch * features, -scale, scale);
                float[] t = Uniform(random, batch * features, 0, 0.3); // rows sum to ≈ 5.5, not 1
                CheckCase(LossKind.SoftmaxCrossEntropy, batch, features, y, t, $"logits ±{scale}");
                float[] d = new float[y.Length];
                Assert.True(float.IsFinite(Losses.Evaluate(LossKind.SoftmaxCrossEntropy, batch, features, y, t, d)));
                Assert.All(d, v => Assert.True(float.IsFinite(v)));
            }

            // Perfect one-hot prediction: a tiny loss keeps its digits (no large terms cancel).
            float[] z = [20, 0, 0, 0, 0];
            float[] target = [1, 0, 0, 0, 0];
            double expected = ReferenceLosses.Error(LossKind.SoftmaxCrossEntropy, 1, 5, ToDouble(z), ToDouble(target));
            float e = Losses.Error(LossKind.SoftmaxCrossEntropy, 1, 5, z, target);
            Assert.True(Math.Abs(e - expected) <= 1e-5 * expected, $"E = {e:R}, expected {expected:R}");
        });
    }

    [Fact]
    public void SquaredErrors_LongSums_StayWithinTheRelativeBound()
    {
        var random = new Random(13);
        float[] y = Uniform(random, 200_003, -1, 3);
        float[] t = Uniform(random, y.Length, -1, 1);
        Tiers.ForEach(tier =>
        {
            foreach (LossKind loss in new[] { LossKind.HalfSumOfSquares, LossKind.SumOfSquares, LossKind.MeanSquaredError })
            {
                double expected = ReferenceLosses.Error(loss, 1, y.Length, ToDouble(y), ToDouble(t));
                float e = Losses.Error(loss, 1, y.Length, y, t);
                Assert.True(Math.Abs(e - expected) <= SquaredValueRelative * expected, $"{loss}: {e:R} vs {expected:R}");
            }
        });
    }

    [Fact]
    public void Softmax_MatchesReference_InPlaceToo()
    {
        var random = new Random(14);
        Tiers.ForEach(tier =>
        {
            foreach (int features in Tiers.EdgeLengths().Where(f => f > 0))
            {
                foreach (double scale in new[] { 3.0, 1e3 })
                {
                    const int batch = 2;
                    float[] z = Uniform(random, batch * features, -scale, scale);
                    double[] expected = SoftmaxRows(batch, features, ToDouble(z));
                    double[] shifted = ShiftedLogits(batch, features, z);
                    float[] p = new float[z.Length];
                    Losses.Softmax(batch, features, z, p);
                    for (int i = 0; i < p.Length; i++)
                    {
                        Assert.True(Math.Abs(p[i] - expected[i]) <= SoftmaxTolerance(expected[i], shifted[i]), $"features={features} p[{i}] = {p[i]:R}, expected {expected[i]:R}");
                    }

                    float[] inPlace = (float[])z.Clone();
                    Losses.Softmax(batch, features, inPlace, inPlace);
                    Assert.Equal(p, inPlace);
                }
            }
        });
    }

    [Fact]
    public void Gradient_MatchesCentralDifferencesOfTheReferenceValue()
    {
        // Checks the library's ∂E/∂y and the reference's own gradient formulas against differences of E.
        var random = new Random(15);
        const int batch = 3, features = 7;
        Tiers.ForEach(tier =>
        {
            foreach (LossKind loss in Kinds)
            {
                float[] y = Uniform(random, batch * features, -2, 2);
                float[] t = loss == LossKind.SoftmaxCrossEntropy ? Uniform(random, y.Length, 0, 0.4) : Uniform(random, y.Length, -2, 2);
                float[] d = new float[y.Length];
                Losses.Evaluate(loss, batch, features, y, t, d);
                double[] yd = ToDouble(y), td = ToDouble(t);
                double[] reference = ReferenceLosses.Gradient(loss, batch, features, yd, td);
                for (int i = 0; i < y.Length; i++)
                {
                    const double h = 1e-5;
                    double saved = yd[i];
                    yd[i] = saved + h;
                    double plus = ReferenceLosses.Error(loss, batch, features, yd, td);
                    yd[i] = saved - h;
                    double minus = ReferenceLosses.Error(loss, batch, features, yd, td);
                    yd[i] = saved;
                    double fd = (plus - minus) / (2 * h);
                    Assert.True(Math.Abs(reference[i] - fd) <= 1e-8 * (1 + Math.Abs(fd)), $"{loss} reference ∂E/∂y[{i}] = {reference[i]:R}, differences {fd:R}");
                    Assert.True(Math.Abs(d[i] - fd) <= (1e-6 * Math.Abs(fd)) + 1e-8, $"{loss} ∂E/∂y[{i}] = {d[i]:R}, differences {fd:R}");
                }
            }
        });
    }
}
