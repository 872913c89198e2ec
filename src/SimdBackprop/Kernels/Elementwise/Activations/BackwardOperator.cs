using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.Elementwise;

namespace SimdBackprop.Kernels.Elementwise.Activations;

/// <summary>
/// δ = dOutput · σ'(u, o) for any activation (x = dOutput, y = u, z = o): one generic wrapper, so the
/// backward of every activation is the same fused pass (no σ' buffer written and read back).
/// </summary>
internal readonly struct BackwardOperator<TActivation>(TActivation activation) : ITernaryOperator
    where TActivation : struct, IActivationOperator
{
    private readonly TActivation activation = activation;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float dOutput, float u, float o) => dOutput * activation.Derivative(u, o);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> dOutput, Vector128<float> u, Vector128<float> o) => dOutput * activation.Derivative(u, o);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> dOutput, Vector256<float> u, Vector256<float> o) => dOutput * activation.Derivative(u, o);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> dOutput, Vector512<float> u, Vector512<float> o) => dOutput * activation.Derivative(u, o);
}
