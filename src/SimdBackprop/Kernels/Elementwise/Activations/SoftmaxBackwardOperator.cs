using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.Elementwise.Activations;

/// <summary>δ = p·(g − s) for x = g (∂E/∂p), y = p, s = Σ g·p of the row: one row of softmax's Jacobian-vector product.</summary>
internal readonly struct SoftmaxBackwardOperator(float dot) : IBinaryOperator
{
    private readonly float s = dot;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float g, float p) => p * (g - s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> g, Vector512<float> p) => p * (g - Vector512.Create(s));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> g, Vector256<float> p) => p * (g - Vector256.Create(s));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> g, Vector128<float> p) => p * (g - Vector128.Create(s));
}
