using System.Runtime.Intrinsics.X86;
using SimdBackprop.Kernels.MatrixProducts.MicroKernels;

namespace SimdBackprop.Tests;

/// <summary>
/// Each environment leg of the test command must really run the tier it asks for: .NET silently ignores
/// some switches (DOTNET_EnableAVX512F on .NET 10), so a leg that does not assert would prove nothing.
/// </summary>
public class TierTests
{
    [Fact]
    public void HardwareTier_IsTheTierThisLegExpects()
    {
        SimdTier expected = ExpectedTier();
        Assert.Equal(expected, Simd.HardwareTier);
    }

    [Fact]
    public void LimitCurrentThread_CapsAndRestores()
    {
        SimdTier before = Simd.Tier;
        using (Simd.LimitCurrentThread(SimdTier.Scalar))
        {
            Assert.Equal(SimdTier.Scalar, Simd.Tier);
            using (Simd.LimitCurrentThread(SimdTier.Vector512))
            {
                // A cap can never raise the tier above what the hardware runs.
                Assert.Equal(Simd.HardwareTier, Simd.Tier);
            }

            Assert.Equal(SimdTier.Scalar, Simd.Tier);
        }

        Assert.Equal(before, Simd.Tier);
    }

    [Fact]
    public void LimitCurrentThread_DoesNotAffectOtherThreads()
    {
        using (Simd.LimitCurrentThread(SimdTier.Scalar))
        {
            SimdTier other = SimdTier.Scalar;
            var thread = new Thread(() => other = Simd.Tier);
            thread.Start();
            thread.Join();
            Assert.Equal(Simd.HardwareTier, other);
        }
    }

    [Fact]
    public void LimitCurrentThread_RejectsUndefinedTier()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Simd.LimitCurrentThread((SimdTier)7));
        Assert.Equal("maxTier", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => Simd.MaxTier = (SimdTier)(-1));
    }

    [Fact]
    public void AvailableTiers_RunFromScalarToHardware()
    {
        Assert.Equal(SimdTier.Scalar, Simd.AvailableTiers[0]);
        Assert.Equal(Simd.HardwareTier, Simd.AvailableTiers[^1]);
    }

    /// <summary>
    /// The tier the leg asks for: SIMDBACKPROP_EXPECTED_TIER when the test command sets it; otherwise derived
    /// from the runtime switches in force and the CPU's instruction sets (not from the code under test).
    /// </summary>
    private static SimdTier ExpectedTier()
    {
        string? named = Environment.GetEnvironmentVariable("SIMDBACKPROP_EXPECTED_TIER");
        if (!string.IsNullOrEmpty(named))
        {
            return Enum.Parse<SimdTier>(named, ignoreCase: true);
        }

        if (Switch("DOTNET_EnableHWIntrinsic") == 0)
        {
            return SimdTier.Scalar;
        }

        if (Switch("DOTNET_EnableAVX2") == 0 || !Avx2.IsSupported)
        {
            return SimdTier.Vector128;
        }

        bool wide = Avx512F.IsSupported && Switch("DOTNET_EnableAVX512") != 0
            && (Switch("DOTNET_PreferredVectorBitWidth") is null or >= 512);
        return wide ? SimdTier.Vector512 : SimdTier.Vector256;
    }

    private static int? Switch(string name)
    {
        string? value = Environment.GetEnvironmentVariable(name);
        return value is null ? null : Convert.ToInt32(value, 16);
    }
}
