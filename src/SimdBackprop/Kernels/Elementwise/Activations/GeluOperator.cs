using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.MathFunctions;

namespace SimdBackprop.Kernels.Elementwise.Activations;

/// <summary>
/// GELU, exact (erf) form, PyTorch's <c>nn.GELU()</c>: σ(u) = u·Φ(u) = ½·u·erfc(−u/√2). Written with erfc,
/// not 1 + erf, so the negative tail keeps its relative accuracy (GELU(−5) ≈ −1.4e−6 is far below what
/// 1 + erf could resolve). erfc(−u/√2) is erfc(|u|/√2) for u &lt; 0 and 2 − erfc(|u|/√2) for u ≥ 0.
/// σ'(u) = Φ(u) + u·φ(u), φ(u) = e^(−u²/2)/√(2π); where φ is exactly 0 the limit Φ is taken (no ∞·0).
/// </summary>
internal readonly struct GeluOperator : IActivationOperator
{
    private const float InvSqrt2 = 0.70710678118654752f;

    private const float InvSqrt2Pi = 0.39894228040143268f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float u)
    {
        float e = ErfcKernel.OfNonNegative(MathF.Abs(u) * InvSqrt2);
        float twoPhi = u >= 0 ? 2f - e : e;
        return twoPhi == 0 ? 0f : 0.5f * u * twoPhi;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float u, float o)
    {
        float a = MathF.Abs(u) * InvSqrt2;
        float e = ErfcKernel.OfNonNegative(a);
        float phi = InvSqrt2Pi * ExpKernel.Exp(-(a * a));
        float cdf = 0.5f * (u >= 0 ? 2f - e : e);
        return phi == 0 ? cdf : float.MultiplyAddEstimate(u, phi, cdf);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> u)
    {
        Vector512<float> e = ErfcKernel.OfNonNegative(Vector512.Abs(u) * Vector512.Create(InvSqrt2));
        Vector512<float> twoPhi = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(u, Vector512<float>.Zero), Vector512.Create(2f) - e, e);
        return Vector512.AndNot(Vector512.Create(0.5f) * u * twoPhi, Vector512.Equals(twoPhi, Vector512<float>.Zero));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Derivative(Vector512<float> u, Vector512<float> o)
    {
        Vector512<float> a = Vector512.Abs(u) * Vector512.Create(InvSqrt2);
        Vector512<float> e = ErfcKernel.OfNonNegative(a);
        Vector512<float> phi = Vector512.Create(InvSqrt2Pi) * ExpKernel.Exp(-(a * a));
        Vector512<float> cdf = Vector512.Create(0.5f) * Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(u, Vector512<float>.Zero), Vector512.Create(2f) - e, e);
        return Vector512.ConditionalSelect(Vector512.Equals(phi, Vector512<float>.Zero), cdf, Vector512.MultiplyAddEstimate(u, phi, cdf));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> u)
    {
        Vector256<float> e = ErfcKernel.OfNonNegative(Vector256.Abs(u) * Vector256.Create(InvSqrt2));
        Vector256<float> twoPhi = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(u, Vector256<float>.Zero), Vector256.Create(2f) - e, e);
        return Vector256.AndNot(Vector256.Create(0.5f) * u * twoPhi, Vector256.Equals(twoPhi, Vector256<float>.Zero));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Derivative(Vector256<float> u, Vector256<float> o)
    {
        Vector256<float> a = Vector256.Abs(u) * Vector256.Create(InvSqrt2);
        Vector256<float> e = ErfcKernel.OfNonNegative(a);
        Vector256<float> phi = Vector256.Create(InvSqrt2Pi) * ExpKernel.Exp(-(a * a));
        Vector256<float> cdf = Vector256.Create(0.5f) * Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(u, Vector256<float>.Zero), Vector256.Create(2f) - e, e);
        return Vector256.ConditionalSelect(Vector256.Equals(phi, Vector256<float>.Zero), cdf, Vector256.MultiplyAddEstimate(u, phi, cdf));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> u)
    {
        Vector128<float> e = ErfcKernel.OfNonNegative(Vector128.Abs(u) * Vector128.Create(InvSqrt2));
        Vector128<float> twoPhi = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(u, Vector128<float>.Zero), Vector128.Create(2f) - e, e);
        return Vector128.AndNot(Vector128.Create(0.5f) * u * twoPhi, Vector128.Equals(twoPhi, Vector128<float>.Zero));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Derivative(Vector128<float> u, Vector128<float> o)
    {
        Vector128<float> a = Vector128.Abs(u) * Vector128.Create(InvSqrt2);
        Vector128<float> e = ErfcKernel.OfNonNegative(a);
        Vector128<float> phi = Vector128.Create(InvSqrt2Pi) * ExpKernel.Exp(-(a * a));
        Vector128<float> cdf = Vector128.Create(0.5f) * Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(u, Vector128<float>.Zero), Vector128.Create(2f) - e, e);
        return Vector128.ConditionalSelect(Vector128.Equals(phi, Vector128<float>.Zero), cdf, Vector128.MultiplyAddEstimate(u, phi, cdf));
    }
}
