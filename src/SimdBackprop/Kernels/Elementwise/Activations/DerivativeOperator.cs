using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.Elementwise;

namespace SimdBackprop.Kernels.Elementwise.Activations;

/// <summary>d = σ'(u, o): adapts any activation's derivative to the binary driver (x = u, y = o).</summary>
internal readonly struct DerivativeOperator<TActivation>(TActivation activation) : IBinaryOperator
    where TActivation : struct, IActivationOperator
{
    private readonly TActivation activation = activation;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float u, float o) => activation.Derivative(u, o);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> u, Vector128<float> o) => activation.Derivative(u, o);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> u, Vector256<float> o) => activation.Derivative(u, o);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> u, Vector512<float> o) => activation.Derivative(u, o);
}
