using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.MathFunctions;

namespace SimdBackprop.Kernels.Elementwise.Activations;

/// <summary>
/// σ(u) = u·s(u); σ'(u) = s + u·s·(1 − s), with s and 1 − s both from <see cref="Logistic"/> (accurate tails).
/// At ±∞ the products are ∞·0: where s (forward) or s·(1 − s) (derivative) is exactly 0 the limit is taken
/// instead (0 and s), which also covers |u| ≳ 104 where the true value is below the float range anyway.
/// </summary>
internal readonly struct SiluOperator : IActivationOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float u)
    {
        float s = Logistic.Both(u, out _);
        return s == 0 ? 0f : u * s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float u, float o)
    {
        float s = Logistic.Both(u, out float c);
        float sc = s * c;
        return sc == 0 ? s : float.MultiplyAddEstimate(u, sc, s);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> u)
    {
        Vector512<float> s = Logistic.Both(u, out _);
        return Vector512.AndNot(u * s, Vector512.Equals(s, Vector512<float>.Zero));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Derivative(Vector512<float> u, Vector512<float> o)
    {
        Vector512<float> s = Logistic.Both(u, out Vector512<float> c);
        Vector512<float> sc = s * c;
        return Vector512.ConditionalSelect(Vector512.Equals(sc, Vector512<float>.Zero), s, Vector512.MultiplyAddEstimate(u, sc, s));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> u)
    {
        Vector256<float> s = Logistic.Both(u, out _);
        return Vector256.AndNot(u * s, Vector256.Equals(s, Vector256<float>.Zero));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Derivative(Vector256<float> u, Vector256<float> o)
    {
        Vector256<float> s = Logistic.Both(u, out Vector256<float> c);
        Vector256<float> sc = s * c;
        return Vector256.ConditionalSelect(Vector256.Equals(sc, Vector256<float>.Zero), s, Vector256.MultiplyAddEstimate(u, sc, s));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> u)
    {
        Vector128<float> s = Logistic.Both(u, out _);
        return Vector128.AndNot(u * s, Vector128.Equals(s, Vector128<float>.Zero));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Derivative(Vector128<float> u, Vector128<float> o)
    {
        Vector128<float> s = Logistic.Both(u, out Vector128<float> c);
        Vector128<float> sc = s * c;
        return Vector128.ConditionalSelect(Vector128.Equals(sc, Vector128<float>.Zero), s, Vector128.MultiplyAddEstimate(u, sc, s));
    }
}
