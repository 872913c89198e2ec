using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.Elementwise;

namespace SimdBackprop.Kernels.Elementwise.Losses;

/// <summary>x·factor: normalizes a softmax row by 1/Σ.</summary>
internal readonly struct ScaleOperator(float factor) : IUnaryOperator
{
    private readonly float factor = factor;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => x * factor;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => x * Vector512.Create(factor);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => x * Vector256.Create(factor);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => x * Vector128.Create(factor);
}
