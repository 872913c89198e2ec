using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.MathFunctions;

namespace SimdBackprop.Kernels.Elementwise.Activations;

/// <summary>σ(u) = tanh(u) via <see cref="TanhKernel"/>; σ' = 1 − o² from the output (one fused multiply-add).</summary>
internal readonly struct TanhOperator : IActivationOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float u) => TanhKernel.Tanh(u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float u, float o) => float.MultiplyAddEstimate(-o, o, 1f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> u) => TanhKernel.Tanh(u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Derivative(Vector512<float> u, Vector512<float> o) => Vector512.MultiplyAddEstimate(-o, o, Vector512<float>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> u) => TanhKernel.Tanh(u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Derivative(Vector256<float> u, Vector256<float> o) => Vector256.MultiplyAddEstimate(-o, o, Vector256<float>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> u) => TanhKernel.Tanh(u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Derivative(Vector128<float> u, Vector128<float> o) => Vector128.MultiplyAddEstimate(-o, o, Vector128<float>.One);
}
