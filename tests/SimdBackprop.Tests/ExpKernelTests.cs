using System.Runtime.Intrinsics;
using Xunit.Abstractions;
using SimdBackprop.Tests.Support;
using SimdBackprop.Kernels.Elementwise;
using SimdBackprop.Kernels.MathFunctions;

namespace SimdBackprop.Tests;

/// <summary>
/// <see cref="ExpKernel"/> against Math.Exp in double at the same float input, at every tier (scalar runs
/// MathF.Exp). Bounds: normal results within <see cref="MaxUlps"/> ulps (ulp of the double reference's binade);
/// denormal results within one denormal ulp (2⁻¹⁴⁹) absolute; x above ln(float.MaxValue) → +∞.
/// </summary>
public sealed class ExpKernelTests(ITestOutputHelper output)
{
    /// <summary>
    /// Measured worst (Zen 5, 2026-11-22; the test prints it per tier): 0.976 ulp at 128/256/512 bits with FMA,
    /// 0.969 ulp on the 128-bit leg without FMA (DOTNET_EnableAVX2=0), 0.502 for MathF.Exp at the scalar tier.
    /// </summary>
    private const double MaxUlps = 1.5;

    private const double MinNormal = 1.1754943508222875e-38;   // 2^-126

    private const double MinDenormal = 1.401298464324817e-45;  // 2^-149

    private const float Ln2 = 0.6931472f;

    [Fact]
    public void DenseSweepWithinUlpBound()
    {
        // Every 2^-13 step of [−104, 89] (1.6 M points) plus each float within ±64 ulps of the thresholds,
        // in one span so every vector body, the fast/wide mix inside one vector and the tail all run.
        var inputs = new List<float>();
        for (double x = -104; x <= 89; x += 1.0 / 8192)
        {
            inputs.Add((float)x);
        }

        foreach (float t in new[] { 88.72283f, -87.33654f, -87.3f, 87.3f, -103.27893f, -103.97208f, 0f, Ln2 / 2, -Ln2 / 2 })
        {
            int bits = BitConverter.SingleToInt32Bits(t);
            for (int d = -64; d <= 64; d++)
            {
                float neighbour = BitConverter.Int32BitsToSingle(bits + d);
                if (!float.IsNaN(neighbour))
                {
                    inputs.Add(neighbour); // (below +0 the bit pattern wraps to NaN)
                }
            }
        }

        float[] x32 = [.. inputs];
        float[] y = new float[x32.Length];
        Tiers.ForEach(tier =>
        {
            Array.Fill(y, float.NaN);
            ElementwiseDriver.Unary(new ExpOperator(), x32, y);
            double worstUlps = 0, worstDenormal = 0;
            float worstAt = 0;
            for (int i = 0; i < x32.Length; i++)
            {
                double reference = Math.Exp(x32[i]);
                if (reference > float.MaxValue)
                {
                    // The correctly rounded float of e^x is +∞ from MaxValue + ½ulp on; allow either side of that edge.
                    Assert.True(float.IsPositiveInfinity(y[i]) || (reference < 3.4028235677973366e38 * (1 + 6e-8) && y[i] == float.MaxValue), $"e^{x32[i]:R} = {y[i]:R}, expected +∞");
                    continue;
                }

                if (reference < MinNormal)
                {
                    double absolute = Math.Abs(y[i] - reference);
                    worstDenormal = Math.Max(worstDenormal, absolute / MinDenormal);
                    Assert.True(absolute <= MinDenormal, $"e^{x32[i]:R} = {y[i]:R}, expected {reference:R} (denormal; error {absolute / MinDenormal:F2} ulp)");
                    continue;
                }

                double ulp = Math.ScaleB(1.0, Math.ILogB(reference) - 23);
                double ulps = Math.Abs(y[i] - reference) / ulp;
                if (ulps > worstUlps)
                {
                    worstUlps = ulps;
                    worstAt = x32[i];
                }

                Assert.True(ulps <= MaxUlps, $"e^{x32[i]:R} = {y[i]:R}, expected {reference:R} ({ulps:F2} ulp)");
            }

            output.WriteLine($"{tier}: max {worstUlps:F3} ulp (at x = {worstAt:R}), denormal results max {worstDenormal:F3} × 2^-149, {x32.Length} points");
        });
    }

    [Fact]
    public void SpecialValues()
    {
        (float X, float Expected)[] cases =
        [
            (0f, 1f), (-0f, 1f), (float.PositiveInfinity, float.PositiveInfinity), (float.NegativeInfinity, 0f),
            (89f, float.PositiveInfinity), (88.72284f, float.PositiveInfinity), (1e4f, float.PositiveInfinity),
            (float.MaxValue, float.PositiveInfinity), (-104f, 0f), (-1e4f, 0f), (float.MinValue, 0f),
            (-103.972084f, 0f), (-103.27893f, float.Epsilon),
        ];

        Tiers.ForEach(tier =>
        {
            foreach ((float x, float expected) in cases)
            {
                // Each special value in a lane of an otherwise ordinary vector, at every lane position.
                for (int lane = 0; lane < 16; lane++)
                {
                    float[] input = Enumerable.Range(0, 16).Select(i => (i - 8) * 0.37f).ToArray();
                    input[lane] = x;
                    float[] result = new float[16];
                    ElementwiseDriver.Unary(new ExpOperator(), input, result);
                    Assert.True(result[lane].Equals(expected), $"e^{x:R} = {result[lane]:R}, expected {expected:R} (lane {lane})");
                    for (int i = 0; i < 16; i++)
                    {
                        if (i != lane)
                        {
                            Assert.True(Math.Abs(result[i] - Math.Exp(input[i])) <= 2 * 1.2e-7 * Math.Exp(input[i]), $"neighbour lane {i} of {x:R}");
                        }
                    }
                }
            }

            float[] nan = [float.NaN, 1f, -1f, 2f, float.NaN, 0f, 3f, -3f];
            float[] nanResult = new float[nan.Length];
            ElementwiseDriver.Unary(new ExpOperator(), nan, nanResult);
            Assert.True(float.IsNaN(nanResult[0]) && float.IsNaN(nanResult[4]), "NaN must propagate");
            Assert.Equal(MathF.E, nanResult[1], 6e-7f);
        });
    }
    /// <summary>
    /// <see cref="Log1pKernel"/> (softplus' log1p of e^−|u|) over (0, 1] at every tier: within
    /// <see cref="Log1pMaxUlps"/> ulps of log(1 + y) (double), normal and denormal y alike, 0 → 0, NaN → NaN.
    /// Measured worst (Zen 5, 2026-11-22, printed per tier): 1.47 ulp at 128/256/512 bits (a denser 2M-point probe
    /// found 1.9), 1.81 for the scalar Goldberg form.
    /// </summary>
    [Fact]
    public void Log1pWithinUlpBound()
    {
        const double Log1pMaxUlps = 2.5;
        var inputs = new List<float> { 0f, 1f, 0.41421357f, 0.41421354f, 0.4142136f, float.Epsilon };
        for (int e = -149; e < 0; e++)
        {
            for (int j = 0; j < 512; j++)
            {
                inputs.Add((float)Math.ScaleB(1 + (j / 512.0), e));
            }
        }

        for (int j = 1; j <= 1 << 20; j++)
        {
            inputs.Add(j / (float)(1 << 20));
        }

        float[] y = [.. inputs];
        float[] result = new float[y.Length];
        Tiers.ForEach(tier =>
        {
            ElementwiseDriver.Unary(new Log1pOperator(), y, result);
            double worst = 0;
            for (int i = 0; i < y.Length; i++)
            {
                double v = y[i];
                double reference = v < 1e-4 ? v - (v * v / 2) + (v * v * v / 3) - (v * v * v * v / 4) : Math.Log(1 + v);
                if (reference == 0)
                {
                    Assert.Equal(0f, result[i]);
                    continue;
                }

                double ulp = Math.ScaleB(1.0, Math.Max(Math.ILogB(reference), -126) - 23);
                double ulps = Math.Abs(result[i] - reference) / ulp;
                worst = Math.Max(worst, ulps);
                Assert.True(ulps <= Log1pMaxUlps, $"log1p({y[i]:R}) = {result[i]:R}, expected {reference:R} ({ulps:F2} ulp)");
            }

            float[] nan = [float.NaN, 0.5f, 0.25f, 1f, 0f, 0.125f, 0.75f, 0.375f];
            float[] nanResult = new float[nan.Length];
            ElementwiseDriver.Unary(new Log1pOperator(), nan, nanResult);
            Assert.True(float.IsNaN(nanResult[0]), "NaN must propagate");
            output.WriteLine($"{tier}: log1p max {worst:F3} ulp over {y.Length} points in [0, 1]");
        });
    }

    private readonly struct Log1pOperator : IUnaryOperator
    {
        public float Invoke(float x) => Log1pKernel.Log1p(x);

        public Vector128<float> Invoke(Vector128<float> x) => Log1pKernel.Log1p(x);

        public Vector256<float> Invoke(Vector256<float> x) => Log1pKernel.Log1p(x);

        public Vector512<float> Invoke(Vector512<float> x) => Log1pKernel.Log1p(x);
    }
}
