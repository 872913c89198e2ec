using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.Elementwise;

// The operator-struct pattern of System.Numerics.Tensors: one tiny readonly struct per operation, with a
// body for each width, and one generic driver per arity (see Elementwise*.cs) that walks the spans.
// Instance (not static) members so an operator can carry parameters (a slope, a learning rate); the JIT
// specializes each driver per struct type and inlines the bodies, so the parameters live in registers.

/// <summary>d = f(x), element by element.</summary>
internal interface IUnaryOperator
{
    float Invoke(float x);

    Vector128<float> Invoke(Vector128<float> x);

    Vector256<float> Invoke(Vector256<float> x);

    Vector512<float> Invoke(Vector512<float> x);
}
