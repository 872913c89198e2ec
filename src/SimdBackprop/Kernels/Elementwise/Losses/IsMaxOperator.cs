using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.Elementwise;

namespace SimdBackprop.Kernels.Elementwise.Losses;

/// <summary>1 where z equals the row maximum, else 0: summed, the number k of tied maxima (see <see cref="BelowMaxExpOperator"/>).</summary>
internal readonly struct IsMaxOperator(float max) : IBinaryOperator
{
    private readonly float max = max;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float z, float ignored) => z == max ? 1f : 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> z, Vector512<float> ignored) => Vector512.Equals(z, Vector512.Create(max)) & Vector512<float>.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> z, Vector256<float> ignored) => Vector256.Equals(z, Vector256.Create(max)) & Vector256<float>.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> z, Vector128<float> ignored) => Vector128.Equals(z, Vector128.Create(max)) & Vector128<float>.One;
}
