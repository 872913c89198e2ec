using SimdBackprop.Tests.Reference;

namespace SimdBackprop.Tests;

/// <summary>
/// The accuracy contract the activation tests hold the library to, against <see cref="ReferenceActivations"/>
/// evaluated in double at the very same float input (so input rounding plays no part).
/// <list type="bullet">
/// <item>σ: |o − σ(u)| ≤ <see cref="ForwardUlps"/>·ε·(1 + κ)·|σ(u)| + <see cref="Tiny"/>, ε = 2^−24, where
/// κ = |u·σ'(u)/σ(u)| is the condition number of σ at u. Where κ ≲ 1 (tanh, sigmoid and softplus for u ≳ −1,
/// SiLU/GELU for u ≳ −1) this is ~1e−6 relative; the κ term admits what any float evaluation of an inner
/// argument costs (GELU's z = 2c·(u + a·u³) carries ε·|z| relative error into e^−z); <see cref="Tiny"/> admits
/// results below the normal float range.</item>
/// <item>σ' (from u and the library's own o): |σ'(u) − ref| ≤ <see cref="DerivativeRelative"/>·(1 + κ')·|ref| +
/// <see cref="DerivativeAbsolute"/>: sigmoid' = o·(1 − o) and tanh' = 1 − o² inherit o's absolute error
/// (≈ ulp(1) ≈ 6e−8), so tiny derivatives are only absolutely accurate.</item>
/// <item>δ = dOutput·σ': the derivative bound scaled by |dOutput| (plus one rounding of the product).</item>
/// </list>
/// </summary>
internal static class ActivationAccuracy
{
    public const double Epsilon = 5.9604644775390625e-8; // 2^-24: half an ulp of 1 in float
    public const double ForwardUlps = 8; // measured worst: 5.1ε·(1 + κ) (GELU)
    public const double Tiny = 1e-37;
    public const double DerivativeRelative = 8 * Epsilon;
    public const double DerivativeAbsolute = 6 * Epsilon; // measured worst: 3.1ε (GELU, SiLU, tanh)

    /// <summary>κ = |u·σ'(u)/σ(u)|, 0 where it is undefined (threshold, σ(u) = 0, non-finite u).</summary>
    public static double Condition(Activation a, double u)
    {
        if (!a.HasDerivative || !double.IsFinite(u))
        {
            return 0;
        }

        double value = ReferenceActivations.Forward(a, u);
        double slope = ReferenceActivations.Derivative(a, u);
        double k = Math.Abs(u * slope / value);
        return double.IsFinite(k) ? k : 0;
    }

    /// <summary>κ' = |u·σ''(u)/σ'(u)| by a central difference of the reference σ'.</summary>
    public static double DerivativeCondition(Activation a, double u)
    {
        if (!double.IsFinite(u) || u == 0)
        {
            return 0;
        }

        double h = Math.Max(Math.Abs(u), 1e-3) * 1e-6;
        double second = (ReferenceActivations.Derivative(a, u + h) - ReferenceActivations.Derivative(a, u - h)) / (2 * h);
        double k = Math.Abs(u * second / ReferenceActivations.Derivative(a, u));
        return double.IsFinite(k) ? k : 0;
    }

    public static double ForwardTolerance(Activation a, float u, double expected) =>
        (ForwardUlps * Epsilon * (1 + Condition(a, u)) * Math.Abs(expected)) + Tiny;

    public static double DerivativeTolerance(Activation a, float u, double expected) =>
        (DerivativeRelative * (1 + DerivativeCondition(a, u)) * Math.Abs(expected)) + DerivativeAbsolute;

    /// <summary>True when <paramref name="actual"/> is within <paramref name="tolerance"/>, or both are the same non-finite value / NaN.</summary>
    public static bool Close(double expected, float actual, double tolerance)
    {
        if (double.IsNaN(expected) || float.IsNaN(actual))
        {
            return double.IsNaN(expected) && float.IsNaN(actual);
        }

        if (double.IsInfinity(expected) || float.IsInfinity(actual))
        {
            return expected == actual;
        }

        return Math.Abs(actual - expected) <= tolerance;
    }

    /// <summary>Values for one magnitude class: uniform in ±range, plus a sprinkle of exact 0, ±range and kinks.</summary>
    public static float[] Values(Random random, int length, double range)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(((random.NextDouble() * 2) - 1) * range);
        }

        if (length > 3)
        {
            values[random.Next(length)] = 0;
            values[random.Next(length)] = (float)range;
            values[random.Next(length)] = (float)-range;
        }

        return values;
    }

    /// <summary>The magnitude classes every accuracy test sweeps: tiny, around the bends, the tails, huge.</summary>
    public static readonly double[] Ranges = [1e-3, 0.5, 8, 40, 120, 1e4];
}
