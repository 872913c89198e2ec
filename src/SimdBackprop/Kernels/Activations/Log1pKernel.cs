using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.Activations;

/// <summary>
/// log(1 + y) for y ∈ [0, 1] (softplus feeds it e^−|u|), accurate when y is tiny where log(1 + y) would round
/// 1 + y to 1 and lose everything. The classic correction (Goldberg, "What every computer scientist should
/// know about floating-point arithmetic", Theorem 4): with w = fl(1 + y), log1p(y) = y·log(w)/(w − 1), and = y
/// when w == 1; the rounding error of w cancels between log(w) and w − 1.
/// </summary>
internal static class Log1pKernel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log1p(float y)
    {
        float w = 1f + y;
        return w == 1f ? y : y * MathF.Log(w) / (w - 1f);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log1p(Vector512<float> y)
    {
        Vector512<float> w = Vector512<float>.One + y;
        Vector512<float> corrected = y * Vector512.Log(w) / (w - Vector512<float>.One);
        return Vector512.ConditionalSelect(Vector512.Equals(w, Vector512<float>.One), y, corrected);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log1p(Vector256<float> y)
    {
        Vector256<float> w = Vector256<float>.One + y;
        Vector256<float> corrected = y * Vector256.Log(w) / (w - Vector256<float>.One);
        return Vector256.ConditionalSelect(Vector256.Equals(w, Vector256<float>.One), y, corrected);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Log1p(Vector128<float> y)
    {
        Vector128<float> w = Vector128<float>.One + y;
        Vector128<float> corrected = y * Vector128.Log(w) / (w - Vector128<float>.One);
        return Vector128.ConditionalSelect(Vector128.Equals(w, Vector128<float>.One), y, corrected);
    }
}
