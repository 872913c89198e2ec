using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.Elementwise;
using SimdBackprop.Kernels.MathFunctions;

namespace SimdBackprop.Kernels.Elementwise.Losses;

/// <summary>
/// ∂E/∂z = (softmax(z)·Σt − t)/M written as e^(z − max)·(Σt/(S·M)) − t·(1/M), S = Σ e^(z − max): the
/// softmax is never stored, so ∂E/∂z may overwrite z in place (the row's reductions were done before).
/// </summary>
internal readonly struct CrossEntropyGradientOperator(float max, float probabilityScale, float targetScale) : IBinaryOperator
{
    private readonly float max = max;

    private readonly float probabilityScale = probabilityScale;

    private readonly float targetScale = targetScale;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float z, float t) => float.MultiplyAddEstimate(MathF.Exp(z - max), probabilityScale, -t * targetScale);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> z, Vector512<float> t) =>
        Vector512.MultiplyAddEstimate(ExpKernel.Exp(z - Vector512.Create(max)), Vector512.Create(probabilityScale), -t * Vector512.Create(targetScale));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> z, Vector256<float> t) =>
        Vector256.MultiplyAddEstimate(ExpKernel.Exp(z - Vector256.Create(max)), Vector256.Create(probabilityScale), -t * Vector256.Create(targetScale));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> z, Vector128<float> t) =>
        Vector128.MultiplyAddEstimate(ExpKernel.Exp(z - Vector128.Create(max)), Vector128.Create(probabilityScale), -t * Vector128.Create(targetScale));
}
