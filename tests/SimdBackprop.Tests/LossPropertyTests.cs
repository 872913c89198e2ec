using FsCheck;
using FsCheck.Fluent;
using static SimdBackprop.Tests.LossAccuracy;
using SimdBackprop.Tests.Reference;
using SimdBackprop.Validation;

namespace SimdBackprop.Tests;

/// <summary>FsCheck: random loss kinds, shapes, outputs and targets against the reference (value, gradient, softmax), at every tier.</summary>
public class LossPropertyTests
{
    private static Gen<float> Value(double range) => Gen.Choose(-1_000_000, 1_000_000).Select(m => (float)(m / 1e6 * range));

    private static Arbitrary<(LossKind Loss, int Batch, int Features, float[] Y, float[] T)> Cases =>
        Gen.Elements(Enum.GetValues<LossKind>())
            .SelectMany(loss => Gen.Choose(0, 5).SelectMany(batch => Gen.Choose(1, 70).SelectMany(features =>
                Gen.Zip(
                    Gen.ArrayOf(Value(loss == LossKind.SoftmaxCrossEntropy ? 30 : 5), batch * features),
                    Gen.ArrayOf(loss == LossKind.SoftmaxCrossEntropy ? Gen.Choose(0, 1000).Select(v => v / 1000f) : Value(5), batch * features),
                    (y, t) => (loss, batch, features, y, t)))))
            .ToArbitrary();

    [Fact]
    public void EvaluateAndSoftmax_MatchReference()
    {
        Prop.ForAll(Cases, c =>
        {
            (LossKind loss, int batch, int features, float[] y, float[] t) = c;
            double expected = ReferenceLosses.Error(loss, batch, features, ToDouble(y), ToDouble(t));
            double[] expectedGradient = ReferenceLosses.Gradient(loss, batch, features, ToDouble(y), ToDouble(t));
            double tolerance = ValueTolerance(loss, batch, features, t, expected);
            double[] tolerances = GradientTolerances(loss, batch, features, y, t, expectedGradient);
            double[] expectedSoftmax = SoftmaxRows(batch, features, ToDouble(y));
            double[] shifted = ShiftedLogits(batch, features, y);
            foreach (SimdTier tier in Simd.AvailableTiers)
            {
                using SimdTierScope scope = Simd.LimitCurrentThread(tier);
                float[] d = new float[y.Length];
                float e = Losses.Evaluate(loss, batch, features, y, t, d);
                Assert.True(Math.Abs(e - expected) <= tolerance, $"{tier} {loss} E = {e:R}, expected {expected:R} ± {tolerance:G3}");

                for (int i = 0; i < d.Length; i++)
                {
                    Assert.True(Math.Abs(d[i] - expectedGradient[i]) <= tolerances[i], $"{tier} {loss} ∂E/∂y[{i}] = {d[i]:R}, expected {expectedGradient[i]:R} ± {tolerances[i]:G3}");
                }

                Losses.Softmax(batch, features, y, d);
                for (int i = 0; i < d.Length; i++)
                {
                    Assert.True(Math.Abs(d[i] - expectedSoftmax[i]) <= SoftmaxTolerance(expectedSoftmax[i], shifted[i]), $"{tier} softmax[{i}] = {d[i]:R}, expected {expectedSoftmax[i]:R}");
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }
}
