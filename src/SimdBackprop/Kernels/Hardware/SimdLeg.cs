using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace SimdBackprop;

/// <summary>
/// One way to run a process at a given SIMD tier on this machine: an environment switch of the .NET runtime
/// and the widest tier it allows. The test command, <c>simdbp info</c>/<c>bench</c> and the benchmarks all
/// run their legs from <see cref="All"/>, so the legs are defined here only.
/// </summary>
/// <param name="Id">Short id (benchmark job names): V512, V256, AVX2, V128, Scalar.</param>
/// <param name="Name">What the leg stands for.</param>
/// <param name="Variable">The runtime switch, or null for the default leg.</param>
/// <param name="Value">Its value.</param>
/// <param name="Cap">The widest tier the switch allows.</param>
public sealed record SimdLeg(string Id, string Name, string? Variable, string? Value, SimdTier Cap)
{
    /// <summary>Every leg: the default, then one per runtime switch that narrows the tier.</summary>
    public static IReadOnlyList<SimdLeg> All { get; } =
    [
        new("V512", "default", null, null, SimdTier.Vector512),
        new("V256", "AVX-512 ISA at 256 bits", "DOTNET_PreferredVectorBitWidth", "256", SimdTier.Vector256),
        new("AVX2", "AVX2 machine", "DOTNET_EnableAVX512", "0", SimdTier.Vector256),
        new("V128", "SSE machine", "DOTNET_EnableAVX2", "0", SimdTier.Vector128),
        new("Scalar", "no SIMD", "DOTNET_EnableHWIntrinsic", "0", SimdTier.Scalar),
    ];

    /// <summary>
    /// The widest tier this processor offers, read from CPUID (not from the runtime's switches, so it is the
    /// same in every leg that still has intrinsics): Vector512 with AVX-512F, Vector256 with AVX2, else Vector128.
    /// </summary>
    public static SimdTier ProcessorTier { get; } = ReadProcessorTier();

    /// <summary>The tier a process of this leg must run on this processor: the lesser of <see cref="Cap"/> and <see cref="ProcessorTier"/>.</summary>
    public SimdTier ExpectedTier => Cap < ProcessorTier ? Cap : ProcessorTier;

    /// <summary>The environment assignment, e.g. <c>DOTNET_EnableAVX2=0</c>, or empty for the default leg.</summary>
    public string Environment => Variable is null ? string.Empty : $"{Variable}={Value}";

    private static SimdTier ReadProcessorTier()
    {
        if (X86Base.IsSupported)
        {
            int features = X86Base.CpuId(7, 0).Ebx;
            return (features & (1 << 16)) != 0 ? SimdTier.Vector512 // AVX-512F
                : (features & (1 << 5)) != 0 ? SimdTier.Vector256  // AVX2
                : SimdTier.Vector128;
        }

        return AdvSimd.IsSupported ? SimdTier.Vector128 : Simd.HardwareTier;
    }
}
