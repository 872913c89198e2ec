using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.Elementwise.Activations;

/// <summary>
/// σ(u) = max(u, 0), written as "u &lt; 0 ? 0 : u" so NaN (which compares false) passes through unchanged.
/// σ'(u) = 1 for u &gt; 0, else 0 (PyTorch's choice at the kink).
/// </summary>
internal readonly struct ReluOperator : IActivationOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float u) => u < 0 ? 0f : u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float u, float o) => u > 0 ? 1f : 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> u) => Vector512.AndNot(u, Vector512.LessThan(u, Vector512<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Derivative(Vector512<float> u, Vector512<float> o) => Vector512.GreaterThan(u, Vector512<float>.Zero) & Vector512<float>.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> u) => Vector256.AndNot(u, Vector256.LessThan(u, Vector256<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Derivative(Vector256<float> u, Vector256<float> o) => Vector256.GreaterThan(u, Vector256<float>.Zero) & Vector256<float>.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> u) => Vector128.AndNot(u, Vector128.LessThan(u, Vector128<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Derivative(Vector128<float> u, Vector128<float> o) => Vector128.GreaterThan(u, Vector128<float>.Zero) & Vector128<float>.One;
}
