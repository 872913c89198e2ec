using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.Elementwise.Activations;

/// <summary>
/// σ(u) = u for u ≥ 0 (and NaN), slope·u below; σ'(u) = 1 for u &gt; 0, else slope. The slope is a field, so
/// the JIT keeps it in a register across the loop (validated finite by <see cref="Activation.LeakyReLU"/>).
/// </summary>
internal readonly struct LeakyReluOperator(float slope) : IActivationOperator
{
    private readonly float slope = slope;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float u) => u < 0 ? slope * u : u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float u, float o) => u > 0 ? 1f : slope;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> u) =>
        Vector512.ConditionalSelect(Vector512.LessThan(u, Vector512<float>.Zero), u * Vector512.Create(slope), u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Derivative(Vector512<float> u, Vector512<float> o) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(u, Vector512<float>.Zero), Vector512<float>.One, Vector512.Create(slope));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> u) =>
        Vector256.ConditionalSelect(Vector256.LessThan(u, Vector256<float>.Zero), u * Vector256.Create(slope), u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Derivative(Vector256<float> u, Vector256<float> o) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(u, Vector256<float>.Zero), Vector256<float>.One, Vector256.Create(slope));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> u) =>
        Vector128.ConditionalSelect(Vector128.LessThan(u, Vector128<float>.Zero), u * Vector128.Create(slope), u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Derivative(Vector128<float> u, Vector128<float> o) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(u, Vector128<float>.Zero), Vector128<float>.One, Vector128.Create(slope));
}
