using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace SimdBackprop.Kernels.MathFunctions;

/// <summary>
/// a·b + c, fused where the hardware has a fused multiply-add. On an SSE-only machine (the
/// <c>DOTNET_EnableAVX2=0</c> leg, which also drops FMA) and without hardware intrinsics, the runtime's
/// FusedMultiplyAdd is a per-lane software emulation, orders of magnitude slower, so there it is a multiply
/// and an add. Every kernel that must run fast on those tiers goes through here, so they all round alike.
/// The ISA checks are JIT-time constants, written out in each overload on purpose: with the condition behind a
/// property call (<see cref="IsFused"/>) the JIT kept the ternary's struct temporaries in memory, and the
/// SSE-only 6×8 GEMM tile stored and reloaded its B vectors and A broadcasts on every k step (a third of the
/// speed).
/// </summary>
internal static class MultiplyAdd
{
    /// <summary>Whether <see cref="Invoke(float, float, float)"/> and the 128-bit overload fuse (one rounding).</summary>
    public static bool IsFused => Fma.IsSupported || AdvSimd.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b, float c) => Fma.IsSupported || AdvSimd.IsSupported ? MathF.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        Fma.IsSupported || AdvSimd.IsSupported ? Vector128.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Vector256.FusedMultiplyAdd(a, b, c) : (a * b) + c;
}
