using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.PackedLayer;

/// <summary>
/// The activation <see cref="PackedLayerKernel"/> applies in registers before storing an output (exact on
/// every tier): 0 identity, 1 ReLU, 2 leaky ReLU with <see cref="Slope"/>.
/// </summary>
internal readonly struct PackedLayerEpilogue(int kind, float slope)
{
    public readonly int Kind = kind;
    public readonly float Slope = slope;

    /// <summary>No activation: y = u.</summary>
    public static PackedLayerEpilogue None => new(0, 0);

    /// <summary>y = max(u, 0), NaN kept.</summary>
    public static PackedLayerEpilogue Relu => new(1, 0);

    /// <summary>y = u for u ≥ 0, slope·u below.</summary>
    public static PackedLayerEpilogue LeakyRelu(float slope) => new(2, slope);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Apply(float u) => Kind == 0 || !(u < 0) ? u : Kind == 1 ? 0 : Slope * u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Apply(Vector512<float> u) => Kind == 0
        ? u
        : Vector512.ConditionalSelect(Vector512.LessThan(u, Vector512<float>.Zero), Kind == 1 ? Vector512<float>.Zero : u * Vector512.Create(Slope), u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Apply(Vector256<float> u) => Kind == 0
        ? u
        : Vector256.ConditionalSelect(Vector256.LessThan(u, Vector256<float>.Zero), Kind == 1 ? Vector256<float>.Zero : u * Vector256.Create(Slope), u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Apply(Vector128<float> u) => Kind == 0
        ? u
        : Vector128.ConditionalSelect(Vector128.LessThan(u, Vector128<float>.Zero), Kind == 1 ? Vector128<float>.Zero : u * Vector128.Create(Slope), u);
}
