using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.Losses;

/// <summary>
/// e^(z − shift) with shift = the row's largest logit, so every value is in (0, 1] and the sum cannot overflow.
/// Unary for softmax; binary (second operand ignored) so <see cref="Elementwise.SumBinary"/> can sum it
/// without a buffer.
/// </summary>
internal readonly struct ShiftedExpOperator(float shift) : IUnaryOperator, IBinaryOperator
{
    private readonly float shift = shift;

    public float Invoke(float z) => MathF.Exp(z - shift);

    public float Invoke(float z, float ignored) => MathF.Exp(z - shift);

    public Vector512<float> Invoke(Vector512<float> z) => Vector512.Exp(z - Vector512.Create(shift));

    public Vector512<float> Invoke(Vector512<float> z, Vector512<float> ignored) => Vector512.Exp(z - Vector512.Create(shift));

    public Vector256<float> Invoke(Vector256<float> z) => Vector256.Exp(z - Vector256.Create(shift));

    public Vector256<float> Invoke(Vector256<float> z, Vector256<float> ignored) => Vector256.Exp(z - Vector256.Create(shift));

    public Vector128<float> Invoke(Vector128<float> z) => Vector128.Exp(z - Vector128.Create(shift));

    public Vector128<float> Invoke(Vector128<float> z, Vector128<float> ignored) => Vector128.Exp(z - Vector128.Create(shift));
}
