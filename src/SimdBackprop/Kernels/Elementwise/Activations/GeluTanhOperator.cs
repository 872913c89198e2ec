using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.MathFunctions;

namespace SimdBackprop.Kernels.Elementwise.Activations;

/// <summary>
/// GELU, tanh form: ½·u·(1 + tanh(c·(u + a·u³))), computed as u·s(z) with z = 2c·(u + a·u³) = u·(2c + 2ca·u²),
/// because 1 + tanh(y) = 2·s(2y). That identity matters: for u ≲ −3, 1 + tanh cancels catastrophically
/// (GELU(−5) ≈ −2.3e−7 would come out 0 or 3× off), while the logistic tail stays accurate. Factoring z as
/// u·(…u²) means u² (not u³) is the largest intermediate: finite up to |u| ≈ 1.8e19, far beyond 1e4, and
/// past that z = ±∞ gives s = 0 or 1, the right limit.
/// σ'(u) = s + u·s·(1 − s)·z', z' = 2c·(1 + 3a·u²); where s·(1 − s) is exactly 0 the limit s is taken
/// (avoids ∞·0 at ±∞), as in SiLU.
/// </summary>
internal readonly struct GeluTanhOperator : IActivationOperator
{
    private const float TwoC = 1.5957691216057308f;          // 2·√(2/π)

    private const float TwoCA = 1.5957691216057308f * 0.044715f; // 2·√(2/π)·0.044715

    private const float ThreeTwoCA = 3f * TwoCA;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float u)
    {
        float z = u * float.MultiplyAddEstimate(TwoCA, u * u, TwoC);
        float s = Logistic.Both(z, out _);
        return s == 0 ? 0f : u * s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float u, float o)
    {
        float u2 = u * u;
        float z = u * float.MultiplyAddEstimate(TwoCA, u2, TwoC);
        float s = Logistic.Both(z, out float c);
        float sc = s * c;
        float dz = float.MultiplyAddEstimate(ThreeTwoCA, u2, TwoC);
        return sc == 0 ? s : float.MultiplyAddEstimate(u * sc, dz, s);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> u)
    {
        Vector512<float> z = u * Vector512.MultiplyAddEstimate(Vector512.Create(TwoCA), u * u, Vector512.Create(TwoC));
        Vector512<float> s = Logistic.Both(z, out _);
        return Vector512.AndNot(u * s, Vector512.Equals(s, Vector512<float>.Zero));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Derivative(Vector512<float> u, Vector512<float> o)
    {
        Vector512<float> u2 = u * u;
        Vector512<float> z = u * Vector512.MultiplyAddEstimate(Vector512.Create(TwoCA), u2, Vector512.Create(TwoC));
        Vector512<float> s = Logistic.Both(z, out Vector512<float> c);
        Vector512<float> sc = s * c;
        Vector512<float> dz = Vector512.MultiplyAddEstimate(Vector512.Create(ThreeTwoCA), u2, Vector512.Create(TwoC));
        return Vector512.ConditionalSelect(Vector512.Equals(sc, Vector512<float>.Zero), s, Vector512.MultiplyAddEstimate(u * sc, dz, s));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> u)
    {
        Vector256<float> z = u * Vector256.MultiplyAddEstimate(Vector256.Create(TwoCA), u * u, Vector256.Create(TwoC));
        Vector256<float> s = Logistic.Both(z, out _);
        return Vector256.AndNot(u * s, Vector256.Equals(s, Vector256<float>.Zero));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Derivative(Vector256<float> u, Vector256<float> o)
    {
        Vector256<float> u2 = u * u;
        Vector256<float> z = u * Vector256.MultiplyAddEstimate(Vector256.Create(TwoCA), u2, Vector256.Create(TwoC));
        Vector256<float> s = Logistic.Both(z, out Vector256<float> c);
        Vector256<float> sc = s * c;
        Vector256<float> dz = Vector256.MultiplyAddEstimate(Vector256.Create(ThreeTwoCA), u2, Vector256.Create(TwoC));
        return Vector256.ConditionalSelect(Vector256.Equals(sc, Vector256<float>.Zero), s, Vector256.MultiplyAddEstimate(u * sc, dz, s));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> u)
    {
        Vector128<float> z = u * Vector128.MultiplyAddEstimate(Vector128.Create(TwoCA), u * u, Vector128.Create(TwoC));
        Vector128<float> s = Logistic.Both(z, out _);
        return Vector128.AndNot(u * s, Vector128.Equals(s, Vector128<float>.Zero));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Derivative(Vector128<float> u, Vector128<float> o)
    {
        Vector128<float> u2 = u * u;
        Vector128<float> z = u * Vector128.MultiplyAddEstimate(Vector128.Create(TwoCA), u2, Vector128.Create(TwoC));
        Vector128<float> s = Logistic.Both(z, out Vector128<float> c);
        Vector128<float> sc = s * c;
        Vector128<float> dz = Vector128.MultiplyAddEstimate(Vector128.Create(ThreeTwoCA), u2, Vector128.Create(TwoC));
        return Vector128.ConditionalSelect(Vector128.Equals(sc, Vector128<float>.Zero), s, Vector128.MultiplyAddEstimate(u * sc, dz, s));
    }
}
