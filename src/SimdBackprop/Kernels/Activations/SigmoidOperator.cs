using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.Activations;

/// <summary>
/// σ(u) = 1/(1 + e^−u) through <see cref="Logistic"/> (no overflow at u = −1e4, tiny values keep relative
/// accuracy); σ' = o·(1 − o) from the output, as o − o·o with one fused multiply-add.
/// </summary>
internal readonly struct SigmoidOperator : IActivationOperator
{
    public float Invoke(float u) => Logistic.Both(u, out _);

    public float Derivative(float u, float o) => float.MultiplyAddEstimate(-o, o, o);

    public Vector512<float> Invoke(Vector512<float> u) => Logistic.Both(u, out _);

    public Vector512<float> Derivative(Vector512<float> u, Vector512<float> o) => Vector512.MultiplyAddEstimate(-o, o, o);
    public Vector256<float> Invoke(Vector256<float> u) => Logistic.Both(u, out _);

    public Vector256<float> Derivative(Vector256<float> u, Vector256<float> o) => Vector256.MultiplyAddEstimate(-o, o, o);
    public Vector128<float> Invoke(Vector128<float> u) => Logistic.Both(u, out _);

    public Vector128<float> Derivative(Vector128<float> u, Vector128<float> o) => Vector128.MultiplyAddEstimate(-o, o, o);
}
