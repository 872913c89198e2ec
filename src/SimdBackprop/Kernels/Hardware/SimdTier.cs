using SimdBackprop.Kernels.MatrixProducts.MicroKernels;

namespace SimdBackprop;

/// <summary>The vector width a kernel runs at. Ordered: a higher value is a wider tier.</summary>
public enum SimdTier
{
    /// <summary>Plain scalar <see cref="float"/> code, no SIMD.</summary>
    Scalar = 0,

    /// <summary>128-bit vectors (SSE / NEON class hardware).</summary>
    Vector128 = 1,

    /// <summary>256-bit vectors (AVX2 class hardware).</summary>
    Vector256 = 2,

    /// <summary>512-bit vectors (AVX-512 class hardware).</summary>
    Vector512 = 3,
}
