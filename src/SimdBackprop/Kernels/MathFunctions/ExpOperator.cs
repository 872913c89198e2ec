using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using SimdBackprop.Kernels.Elementwise;

namespace SimdBackprop.Kernels.MathFunctions;

/// <summary>e^x element-wise through <see cref="ExpKernel"/>: the kernel under test at every tier.</summary>
internal readonly struct ExpOperator : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => ExpKernel.Exp(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => ExpKernel.Exp(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => ExpKernel.Exp(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => ExpKernel.Exp(x);
}
