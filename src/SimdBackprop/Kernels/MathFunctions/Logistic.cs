using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.MathFunctions;

/// <summary>
/// The logistic function s(x) = 1/(1 + e^−x) together with its complement 1 − s(x) = s(−x), both accurate to
/// a few ulp over the whole line. Only e^−|x| ∈ [0, 1] is ever computed, so nothing overflows (x = ±1e4 and
/// ±∞ are fine), and the complement is formed as e·s(|x|) instead of 1 − s, so the small side keeps its
/// relative accuracy (s(−30) ≈ 9e−14 is not rounded to 0). NaN gives NaN in both.
/// Shared by sigmoid, softplus' (= s), SiLU and GELU (u·s(z)).
/// </summary>
internal static class Logistic
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Both(float x, out float complement)
    {
        float e = MathF.Exp(-MathF.Abs(x));
        float big = 1f / (1f + e);   // s(|x|) ∈ [½, 1]
        float small = e * big;       // s(−|x|) = e/(1 + e) ∈ [0, ½]
        bool nonNegative = x >= 0;
        complement = nonNegative ? small : big;
        return nonNegative ? big : small;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Both(Vector512<float> x, out Vector512<float> complement)
    {
        Vector512<float> e = ExpKernel.Exp(-Vector512.Abs(x));
        Vector512<float> big = Vector512<float>.One / (Vector512<float>.One + e);
        Vector512<float> small = e * big;
        Vector512<float> nonNegative = Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero);
        complement = Vector512.ConditionalSelect(nonNegative, small, big);
        return Vector512.ConditionalSelect(nonNegative, big, small);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Both(Vector256<float> x, out Vector256<float> complement)
    {
        Vector256<float> e = ExpKernel.Exp(-Vector256.Abs(x));
        Vector256<float> big = Vector256<float>.One / (Vector256<float>.One + e);
        Vector256<float> small = e * big;
        Vector256<float> nonNegative = Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero);
        complement = Vector256.ConditionalSelect(nonNegative, small, big);
        return Vector256.ConditionalSelect(nonNegative, big, small);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Both(Vector128<float> x, out Vector128<float> complement)
    {
        Vector128<float> e = ExpKernel.Exp(-Vector128.Abs(x));
        Vector128<float> big = Vector128<float>.One / (Vector128<float>.One + e);
        Vector128<float> small = e * big;
        Vector128<float> nonNegative = Vector128.GreaterThanOrEqual(x, Vector128<float>.Zero);
        complement = Vector128.ConditionalSelect(nonNegative, small, big);
        return Vector128.ConditionalSelect(nonNegative, big, small);
    }
}
