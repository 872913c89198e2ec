using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.Elementwise;
using SimdBackprop.Kernels.MathFunctions;

namespace SimdBackprop.Kernels.Elementwise.Losses;

/// <summary>
/// e^(z − max) for the logits below the row maximum, 0 at the maximum itself (counted separately by
/// <see cref="IsMaxOperator"/>). Splitting S = k + R this way keeps R = Σ_{z&lt;max} e^(z−max) in full relative
/// precision: summed in float next to the exact 1s of the maxima it would be rounded away, and a confident
/// prediction (R ≈ 1e−8) would get loss log(1 + R) = 0 instead of ≈ R. The second operand is ignored.
/// </summary>
internal readonly struct BelowMaxExpOperator(float max) : IBinaryOperator
{
    private readonly float max = max;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float z, float ignored) => z < max ? MathF.Exp(z - max) : 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> z, Vector512<float> ignored)
    {
        Vector512<float> m = Vector512.Create(max);
        return ExpKernel.Exp(z - m) & Vector512.LessThan(z, m);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> z, Vector256<float> ignored)
    {
        Vector256<float> m = Vector256.Create(max);
        return ExpKernel.Exp(z - m) & Vector256.LessThan(z, m);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> z, Vector128<float> ignored)
    {
        Vector128<float> m = Vector128.Create(max);
        return ExpKernel.Exp(z - m) & Vector128.LessThan(z, m);
    }
}
