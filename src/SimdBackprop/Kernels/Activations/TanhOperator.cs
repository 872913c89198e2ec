using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.Activations;

/// <summary>σ(u) = tanh(u) via <see cref="TanhKernel"/>; σ' = 1 − o² from the output (one fused multiply-add).</summary>
internal readonly struct TanhOperator : IActivationOperator
{
    public float Invoke(float u) => TanhKernel.Tanh(u);

    public float Derivative(float u, float o) => float.MultiplyAddEstimate(-o, o, 1f);

    public Vector512<float> Invoke(Vector512<float> u) => TanhKernel.Tanh(u);

    public Vector512<float> Derivative(Vector512<float> u, Vector512<float> o) => Vector512.MultiplyAddEstimate(-o, o, Vector512<float>.One);

    public Vector256<float> Invoke(Vector256<float> u) => TanhKernel.Tanh(u);

    public Vector256<float> Derivative(Vector256<float> u, Vector256<float> o) => Vector256.MultiplyAddEstimate(-o, o, Vector256<float>.One);

    public Vector128<float> Invoke(Vector128<float> u) => TanhKernel.Tanh(u);

    public Vector128<float> Derivative(Vector128<float> u, Vector128<float> o) => Vector128.MultiplyAddEstimate(-o, o, Vector128<float>.One);
}
