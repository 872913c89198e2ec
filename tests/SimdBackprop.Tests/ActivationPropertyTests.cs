using FsCheck;
using FsCheck.Fluent;
using static SimdBackprop.Tests.ActivationAccuracy;
using SimdBackprop.Tests.Reference;
using SimdBackprop.Validation;

namespace SimdBackprop.Tests;

/// <summary>FsCheck: random activations, lengths and values (mantissa × 10^e, e ∈ [−6, 4]) against the reference, at every tier.</summary>
public class ActivationPropertyTests
{
    private static readonly Activation[] AllActivations = ReferenceActivations.All().ToArray();

    private static Gen<float> Value =>
        Gen.Zip(Gen.Choose(-1_000_000, 1_000_000), Gen.Choose(-6, 4), (m, e) => (float)(m / 1e6 * Math.Pow(10, e)));

    private static Arbitrary<(Activation Activation, float[] U, float[] DOutput)> Cases =>
        Gen.Choose(0, AllActivations.Length - 1)
            .SelectMany(k => Gen.Choose(0, 150)
                .SelectMany(n => Gen.Zip(Gen.ArrayOf(Value, n), Gen.ArrayOf(Value, n), (u, g) => (AllActivations[k], u, g))))
            .ToArbitrary();

    [Fact]
    public void ForwardDerivativeBackward_MatchReference()
    {
        Prop.ForAll(Cases, c =>
        {
            (Activation a, float[] u, float[] dOutput) = c;
            foreach (SimdTier tier in Simd.AvailableTiers)
            {
                using SimdTierScope scope = Simd.LimitCurrentThread(tier);
                float[] o = new float[u.Length];
                Activations.Forward(a, u, o);
                for (int i = 0; i < u.Length; i++)
                {
                    double expected = ReferenceActivations.Forward(a, u[i]);
                    if (!Close(expected, o[i], ForwardTolerance(a, u[i], expected)))
                    {
                        return false;
                    }
                }

                if (!a.HasDerivative)
                {
                    continue;
                }

                float[] d = new float[u.Length];
                float[] delta = new float[u.Length];
                Activations.Derivative(a, u, o, d);
                Activations.Backward(a, dOutput, u, o, delta);
                for (int i = 0; i < u.Length; i++)
                {
                    double expected = ReferenceActivations.Derivative(a, u[i]);
                    double tolerance = DerivativeTolerance(a, u[i], expected);
                    double expectedDelta = dOutput[i] * expected;
                    if (!Close(expected, d[i], tolerance)
                        || !Close(expectedDelta, delta[i], (Math.Abs(dOutput[i]) * tolerance) + (Epsilon * Math.Abs(expectedDelta))))
                    {
                        return false;
                    }
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }
}
