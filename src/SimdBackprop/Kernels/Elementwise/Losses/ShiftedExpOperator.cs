using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.Elementwise;
using SimdBackprop.Kernels.MathFunctions;

namespace SimdBackprop.Kernels.Elementwise.Losses;

/// <summary>
/// e^(z − shift) with shift = the row's largest logit, so every value is in (0, 1] and the softmax sum cannot
/// overflow.
/// </summary>
internal readonly struct ShiftedExpOperator(float shift) : IUnaryOperator
{
    private readonly float shift = shift;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float z) => MathF.Exp(z - shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> z) => ExpKernel.Exp(z - Vector512.Create(shift));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> z) => ExpKernel.Exp(z - Vector256.Create(shift));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> z) => ExpKernel.Exp(z - Vector128.Create(shift));
}
