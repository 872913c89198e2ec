using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.Elementwise.Activations;

/// <summary>σ(u) = u, σ' = 1 (a linear output layer, e.g. under softmax cross-entropy).</summary>
internal readonly struct IdentityOperator : IActivationOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float u) => u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float u, float o) => 1f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> u) => u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Derivative(Vector512<float> u, Vector512<float> o) => Vector512<float>.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> u) => u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Derivative(Vector256<float> u, Vector256<float> o) => Vector256<float>.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> u) => u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Derivative(Vector128<float> u, Vector128<float> o) => Vector128<float>.One;
}
