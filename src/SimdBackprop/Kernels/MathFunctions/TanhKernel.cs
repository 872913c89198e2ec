using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.MathFunctions;

/// <summary>
/// tanh(x) accurate to a few ulp everywhere. Two regimes, because no single formula is good on both:
/// near 0 the exponential form (1 − t)/(1 + t) cancels (1 − t → 0) and loses relative accuracy, so |x| &lt; 0.4
/// uses the odd Taylor series through x¹³ (truncation &lt; 2e−9 relative there); elsewhere t = e^−2|x| ∈ (0, 0.45]
/// keeps 1 − t well-conditioned and never overflows (|x| = 1e4 or ∞ give t = 0, so ±1), and the sign is
/// restored afterwards. ±0 stays ±0 (series branch); NaN falls to the exp branch and stays NaN.
/// Shared by the tanh activation; GELU uses the logistic form instead (1 + tanh(y) = 2·s(2y)).
/// </summary>
internal static class TanhKernel
{
    private const float SeriesLimit = 0.4f;

    // tanh x = x + x³·(C3 + x²·(C5 + x²·(C7 + x²·(C9 + x²·(C11 + x²·C13))))), Taylor coefficients.

    private const float C3 = -1f / 3f;

    private const float C5 = 2f / 15f;

    private const float C7 = -17f / 315f;

    private const float C9 = 62f / 2835f;

    private const float C11 = -1382f / 155925f;

    private const float C13 = 21844f / 6081075f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x)
    {
        float a = MathF.Abs(x);
        if (a < SeriesLimit)
        {
            float x2 = x * x;
            float p = float.MultiplyAddEstimate(x2, C13, C11);
            p = float.MultiplyAddEstimate(x2, p, C9);
            p = float.MultiplyAddEstimate(x2, p, C7);
            p = float.MultiplyAddEstimate(x2, p, C5);
            p = float.MultiplyAddEstimate(x2, p, C3);
            return MathF.CopySign(float.MultiplyAddEstimate(x * x2, p, x), x); // x + x³·p rounds −0 to +0
        }

        float t = MathF.Exp(-2f * a);
        return MathF.CopySign((1f - t) / (1f + t), x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        Vector512<float> a = Vector512.Abs(x);
        Vector512<float> x2 = x * x;
        Vector512<float> p = Vector512.MultiplyAddEstimate(x2, Vector512.Create(C13), Vector512.Create(C11));
        p = Vector512.MultiplyAddEstimate(x2, p, Vector512.Create(C9));
        p = Vector512.MultiplyAddEstimate(x2, p, Vector512.Create(C7));
        p = Vector512.MultiplyAddEstimate(x2, p, Vector512.Create(C5));
        p = Vector512.MultiplyAddEstimate(x2, p, Vector512.Create(C3));
        Vector512<float> series = Vector512.MultiplyAddEstimate(x * x2, p, x);

        Vector512<float> t = ExpKernel.Exp(a * Vector512.Create(-2f));
        Vector512<float> magnitude = (Vector512<float>.One - t) / (Vector512<float>.One + t);
        // Both branches as magnitudes, then x's sign: x + x³·p would round −0 to +0.
        Vector512<float> chosen = Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(SeriesLimit)), Vector512.Abs(series), magnitude);
        return chosen | (x & Vector512.Create(-0f));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> a = Vector256.Abs(x);
        Vector256<float> x2 = x * x;
        Vector256<float> p = Vector256.MultiplyAddEstimate(x2, Vector256.Create(C13), Vector256.Create(C11));
        p = Vector256.MultiplyAddEstimate(x2, p, Vector256.Create(C9));
        p = Vector256.MultiplyAddEstimate(x2, p, Vector256.Create(C7));
        p = Vector256.MultiplyAddEstimate(x2, p, Vector256.Create(C5));
        p = Vector256.MultiplyAddEstimate(x2, p, Vector256.Create(C3));
        Vector256<float> series = Vector256.MultiplyAddEstimate(x * x2, p, x);

        Vector256<float> t = ExpKernel.Exp(a * Vector256.Create(-2f));
        Vector256<float> magnitude = (Vector256<float>.One - t) / (Vector256<float>.One + t);
        // Both branches as magnitudes, then x's sign: x + x³·p would round −0 to +0.
        Vector256<float> chosen = Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(SeriesLimit)), Vector256.Abs(series), magnitude);
        return chosen | (x & Vector256.Create(-0f));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        Vector128<float> a = Vector128.Abs(x);
        Vector128<float> x2 = x * x;
        Vector128<float> p = Vector128.MultiplyAddEstimate(x2, Vector128.Create(C13), Vector128.Create(C11));
        p = Vector128.MultiplyAddEstimate(x2, p, Vector128.Create(C9));
        p = Vector128.MultiplyAddEstimate(x2, p, Vector128.Create(C7));
        p = Vector128.MultiplyAddEstimate(x2, p, Vector128.Create(C5));
        p = Vector128.MultiplyAddEstimate(x2, p, Vector128.Create(C3));
        Vector128<float> series = Vector128.MultiplyAddEstimate(x * x2, p, x);

        Vector128<float> t = ExpKernel.Exp(a * Vector128.Create(-2f));
        Vector128<float> magnitude = (Vector128<float>.One - t) / (Vector128<float>.One + t);
        // Both branches as magnitudes, then x's sign: x + x³·p would round −0 to +0.
        Vector128<float> chosen = Vector128.ConditionalSelect(Vector128.LessThan(a, Vector128.Create(SeriesLimit)), Vector128.Abs(series), magnitude);
        return chosen | (x & Vector128.Create(-0f));
    }
}
