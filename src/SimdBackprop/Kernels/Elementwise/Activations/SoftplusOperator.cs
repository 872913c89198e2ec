using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.MathFunctions;

namespace SimdBackprop.Kernels.Elementwise.Activations;

/// <summary>
/// σ(u) = ln(1 + e^u) = max(u, 0) + log1p(e^−|u|): the exponential never exceeds 1 (no overflow at 1e4 or ∞),
/// and <see cref="Log1pKernel"/> keeps the tail e^u accurate for very negative u. NaN propagates through the
/// log1p term. σ'(u) = s(u), the logistic function.
/// </summary>
internal readonly struct SoftplusOperator : IActivationOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float u) => (u > 0 ? u : 0f) + Log1pKernel.Log1p(MathF.Exp(-MathF.Abs(u)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float u, float o) => Logistic.Both(u, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> u)
    {
        Vector512<float> positivePart = Vector512.GreaterThan(u, Vector512<float>.Zero) & u;
        return positivePart + Log1pKernel.Log1p(ExpKernel.Exp(-Vector512.Abs(u)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Derivative(Vector512<float> u, Vector512<float> o) => Logistic.Both(u, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> u)
    {
        Vector256<float> positivePart = Vector256.GreaterThan(u, Vector256<float>.Zero) & u;
        return positivePart + Log1pKernel.Log1p(ExpKernel.Exp(-Vector256.Abs(u)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Derivative(Vector256<float> u, Vector256<float> o) => Logistic.Both(u, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> u)
    {
        Vector128<float> positivePart = Vector128.GreaterThan(u, Vector128<float>.Zero) & u;
        return positivePart + Log1pKernel.Log1p(ExpKernel.Exp(-Vector128.Abs(u)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Derivative(Vector128<float> u, Vector128<float> o) => Logistic.Both(u, out _);
}
