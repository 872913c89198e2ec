using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.MatrixProducts.MicroKernels;

/// <summary>The register-blocked micro-kernels, one nested struct per SIMD width (one file per width).</summary>
internal static partial class GemmMicroKernel
{
}
