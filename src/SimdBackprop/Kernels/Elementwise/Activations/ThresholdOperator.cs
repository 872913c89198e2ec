using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.Elementwise;

namespace SimdBackprop.Kernels.Elementwise.Activations;

/// <summary>
/// Heaviside step: 1 for u ≥ 0 (−0 included), else 0; NaN propagates. Forward only (a unary operator, not an
/// <see cref="IActivationOperator"/>): its derivative is 0 almost everywhere, and the public API refuses it.
/// </summary>
internal readonly struct ThresholdOperator : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float u) => float.IsNaN(u) ? u : u >= 0 ? 1f : 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> u)
    {
        Vector512<float> step = Vector512.GreaterThanOrEqual(u, Vector512<float>.Zero) & Vector512<float>.One;
        return Vector512.ConditionalSelect(Vector512.Equals(u, u), step, u);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> u)
    {
        Vector256<float> step = Vector256.GreaterThanOrEqual(u, Vector256<float>.Zero) & Vector256<float>.One;
        return Vector256.ConditionalSelect(Vector256.Equals(u, u), step, u);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> u)
    {
        Vector128<float> step = Vector128.GreaterThanOrEqual(u, Vector128<float>.Zero) & Vector128<float>.One;
        return Vector128.ConditionalSelect(Vector128.Equals(u, u), step, u);
    }
}
