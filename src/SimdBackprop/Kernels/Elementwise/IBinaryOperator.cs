using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.Elementwise;

/// <summary>d = f(x, y), element by element.</summary>
internal interface IBinaryOperator
{
    float Invoke(float x, float y);

    Vector128<float> Invoke(Vector128<float> x, Vector128<float> y);

    Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);

    Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
}
