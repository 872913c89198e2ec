using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.MathFunctions;

namespace SimdBackprop.Kernels.Elementwise.Activations;

/// <summary>
/// σ(u) = (u ≥ 0 ? 1 : e)/(1 + e) with e = e^−|u| ∈ [0, 1]: the same symmetric form as <see cref="Logistic"/>
/// (no overflow at u = −1e4 or −∞, tiny values keep relative accuracy, NaN propagates) with a single division
/// and no multiply, since the forward does not need the complement. σ' = o·(1 − o) from the output, as
/// o − o·o with one fused multiply-add.
/// </summary>
internal readonly struct SigmoidOperator : IActivationOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float u)
    {
        float e = MathF.Exp(-MathF.Abs(u));
        return (u >= 0 ? 1f : e) / (1f + e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float u, float o) => float.MultiplyAddEstimate(-o, o, o);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> u)
    {
        Vector512<float> e = ExpKernel.Exp(-Vector512.Abs(u));
        Vector512<float> numerator = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(u, Vector512<float>.Zero), Vector512<float>.One, e);
        return numerator / (Vector512<float>.One + e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Derivative(Vector512<float> u, Vector512<float> o) => Vector512.MultiplyAddEstimate(-o, o, o);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> u)
    {
        Vector256<float> e = ExpKernel.Exp(-Vector256.Abs(u));
        Vector256<float> numerator = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(u, Vector256<float>.Zero), Vector256<float>.One, e);
        return numerator / (Vector256<float>.One + e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Derivative(Vector256<float> u, Vector256<float> o) => Vector256.MultiplyAddEstimate(-o, o, o);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> u)
    {
        Vector128<float> e = ExpKernel.Exp(-Vector128.Abs(u));
        Vector128<float> numerator = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(u, Vector128<float>.Zero), Vector128<float>.One, e);
        return numerator / (Vector128<float>.One + e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Derivative(Vector128<float> u, Vector128<float> o) => Vector128.MultiplyAddEstimate(-o, o, o);
}
