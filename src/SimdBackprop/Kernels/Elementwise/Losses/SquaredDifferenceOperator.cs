using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.Elementwise;

namespace SimdBackprop.Kernels.Elementwise.Losses;

/// <summary>(y − t)², summed by <see cref="ElementwiseDriver.SumBinary"/> for the squared-error losses.</summary>
internal readonly struct SquaredDifferenceOperator : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float y, float t)
    {
        float d = y - t;
        return d * d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> y, Vector512<float> t)
    {
        Vector512<float> d = y - t;
        return d * d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> y, Vector256<float> t)
    {
        Vector256<float> d = y - t;
        return d * d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> y, Vector128<float> t)
    {
        Vector128<float> d = y - t;
        return d * d;
    }
}
