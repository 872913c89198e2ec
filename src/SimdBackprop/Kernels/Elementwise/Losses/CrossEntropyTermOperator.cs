using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.Elementwise;

namespace SimdBackprop.Kernels.Elementwise.Losses;

/// <summary>
/// t·(max − z) for one logit z and target t. A row's cross-entropy is −Σ t·(z − logΣe^z)
/// = Σ t·(max − z) + log(Σ e^(z−max))·Σ t: both terms are non-negative for t ≥ 0, so forming the loss this
/// way never subtracts two large numbers (logits of 1e4 do not cost the small loss its digits).
/// </summary>
internal readonly struct CrossEntropyTermOperator(float max) : IBinaryOperator
{
    private readonly float max = max;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float z, float t) => t * (max - z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> z, Vector512<float> t) => t * (Vector512.Create(max) - z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> z, Vector256<float> t) => t * (Vector256.Create(max) - z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> z, Vector128<float> t) => t * (Vector128.Create(max) - z);
}
