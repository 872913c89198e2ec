using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace SimdBackprop.Kernels;

/// <summary>
/// a·b + c on 128-bit vectors, fused where the hardware has FMA. On an SSE-only machine (the
/// <c>DOTNET_EnableAVX2=0</c> leg) the runtime emulates <see cref="Vector128.FusedMultiplyAdd(Vector128{float}, Vector128{float}, Vector128{float})"/>
/// lane by lane in software, orders of magnitude slower, so there it is a multiply and an add.
/// (256- and 512-bit hardware always has FMA.)
/// </summary>
internal static class MultiplyAdd128
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        Fma.IsSupported || AdvSimd.IsSupported ? Vector128.FusedMultiplyAdd(a, b, c) : (a * b) + c;
}
