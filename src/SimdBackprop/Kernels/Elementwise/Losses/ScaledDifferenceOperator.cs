using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.Elementwise;

namespace SimdBackprop.Kernels.Elementwise.Losses;

/// <summary>scale·(y − t): the gradient of every squared-error loss (scale 1, 2 or 2/N).</summary>
internal readonly struct ScaledDifferenceOperator(float scale) : IBinaryOperator
{
    private readonly float scale = scale;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float y, float t) => scale * (y - t);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> y, Vector512<float> t) => Vector512.Create(scale) * (y - t);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> y, Vector256<float> t) => Vector256.Create(scale) * (y - t);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> y, Vector128<float> t) => Vector128.Create(scale) * (y - t);
}
