using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.MathFunctions;

/// <summary>
/// erfc(a) for a ≥ 0 (NaN passes through), with relative error below 1.2e−7 everywhere in exact arithmetic
/// (the Chebyshev fit of Numerical Recipes, 2nd ed., §6.2): t = 1/(1 + a/2),
/// erfc(a) = t·exp(−a² + P(t)) with P of degree 9. Relative accuracy holds far into the tail, where
/// erfc = 1 − erf would cancel to nothing; a² carries float rounding (ε·a² relative in the result), which is
/// the conditioning of the tail itself.
/// </summary>
internal static class ErfcKernel
{
    private const float P0 = -1.26551223f, P1 = 1.00002368f, P2 = 0.37409196f, P3 = 0.09678418f, P4 = -0.18628806f;
    private const float P5 = 0.27886807f, P6 = -1.13520398f, P7 = 1.48851587f, P8 = -0.82215223f, P9 = 0.17087277f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float OfNonNegative(float a)
    {
        float t = 1f / float.MultiplyAddEstimate(0.5f, a, 1f);
        float p = float.MultiplyAddEstimate(t, P9, P8);
        p = float.MultiplyAddEstimate(t, p, P7);
        p = float.MultiplyAddEstimate(t, p, P6);
        p = float.MultiplyAddEstimate(t, p, P5);
        p = float.MultiplyAddEstimate(t, p, P4);
        p = float.MultiplyAddEstimate(t, p, P3);
        p = float.MultiplyAddEstimate(t, p, P2);
        p = float.MultiplyAddEstimate(t, p, P1);
        p = float.MultiplyAddEstimate(t, p, P0);
        return t * ExpKernel.Exp(p - (a * a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> OfNonNegative(Vector512<float> a)
    {
        Vector512<float> t = Vector512<float>.One / Vector512.MultiplyAddEstimate(Vector512.Create(0.5f), a, Vector512<float>.One);
        Vector512<float> p = Vector512.MultiplyAddEstimate(t, Vector512.Create(P9), Vector512.Create(P8));
        p = Vector512.MultiplyAddEstimate(t, p, Vector512.Create(P7));
        p = Vector512.MultiplyAddEstimate(t, p, Vector512.Create(P6));
        p = Vector512.MultiplyAddEstimate(t, p, Vector512.Create(P5));
        p = Vector512.MultiplyAddEstimate(t, p, Vector512.Create(P4));
        p = Vector512.MultiplyAddEstimate(t, p, Vector512.Create(P3));
        p = Vector512.MultiplyAddEstimate(t, p, Vector512.Create(P2));
        p = Vector512.MultiplyAddEstimate(t, p, Vector512.Create(P1));
        p = Vector512.MultiplyAddEstimate(t, p, Vector512.Create(P0));
        return t * ExpKernel.Exp(p - (a * a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> OfNonNegative(Vector256<float> a)
    {
        Vector256<float> t = Vector256<float>.One / Vector256.MultiplyAddEstimate(Vector256.Create(0.5f), a, Vector256<float>.One);
        Vector256<float> p = Vector256.MultiplyAddEstimate(t, Vector256.Create(P9), Vector256.Create(P8));
        p = Vector256.MultiplyAddEstimate(t, p, Vector256.Create(P7));
        p = Vector256.MultiplyAddEstimate(t, p, Vector256.Create(P6));
        p = Vector256.MultiplyAddEstimate(t, p, Vector256.Create(P5));
        p = Vector256.MultiplyAddEstimate(t, p, Vector256.Create(P4));
        p = Vector256.MultiplyAddEstimate(t, p, Vector256.Create(P3));
        p = Vector256.MultiplyAddEstimate(t, p, Vector256.Create(P2));
        p = Vector256.MultiplyAddEstimate(t, p, Vector256.Create(P1));
        p = Vector256.MultiplyAddEstimate(t, p, Vector256.Create(P0));
        return t * ExpKernel.Exp(p - (a * a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> OfNonNegative(Vector128<float> a)
    {
        Vector128<float> t = Vector128<float>.One / Vector128.MultiplyAddEstimate(Vector128.Create(0.5f), a, Vector128<float>.One);
        Vector128<float> p = Vector128.MultiplyAddEstimate(t, Vector128.Create(P9), Vector128.Create(P8));
        p = Vector128.MultiplyAddEstimate(t, p, Vector128.Create(P7));
        p = Vector128.MultiplyAddEstimate(t, p, Vector128.Create(P6));
        p = Vector128.MultiplyAddEstimate(t, p, Vector128.Create(P5));
        p = Vector128.MultiplyAddEstimate(t, p, Vector128.Create(P4));
        p = Vector128.MultiplyAddEstimate(t, p, Vector128.Create(P3));
        p = Vector128.MultiplyAddEstimate(t, p, Vector128.Create(P2));
        p = Vector128.MultiplyAddEstimate(t, p, Vector128.Create(P1));
        p = Vector128.MultiplyAddEstimate(t, p, Vector128.Create(P0));
        return t * ExpKernel.Exp(p - (a * a));
    }
}
