using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.Elementwise;

namespace SimdBackprop.Kernels.Elementwise.Activations;

/// <summary>
/// An activation σ as a unary operator (the forward) plus σ'(u) at every width. σ' receives both the
/// pre-activation u and the output o = σ(u) because for sigmoid and tanh the output form (o·(1−o), 1−o²)
/// costs one multiply instead of an exponential; the others read whichever they need.
/// </summary>
internal interface IActivationOperator : IUnaryOperator
{
    float Derivative(float u, float o);

    Vector128<float> Derivative(Vector128<float> u, Vector128<float> o);

    Vector256<float> Derivative(Vector256<float> u, Vector256<float> o);

    Vector512<float> Derivative(Vector512<float> u, Vector512<float> o);
}
