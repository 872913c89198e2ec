using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.MatrixProducts.MicroKernels;
using SimdBackprop.Validation;

namespace SimdBackprop;

/// <summary>
/// Which SIMD tier the kernels run at: the widest the runtime accelerates in this process
/// (<see cref="HardwareTier"/>), optionally capped for the whole process (<see cref="MaxTier"/>) or for the
/// calling thread (<see cref="LimitCurrentThread"/>), so tests and benchmarks can run every lower tier on
/// hardware that has the higher one.
/// </summary>
public static class Simd
{
    // Thread cap first: a test pinning one thread to Vector128 must not disturb threads running beside it.
    [ThreadStatic]
    private static SimdTier? threadCap;

    private static volatile int processCap = (int)SimdTier.Vector512;

    /// <summary>
    /// The widest tier the JIT accelerates in this process. It follows the runtime's switches
    /// (<c>DOTNET_PreferredVectorBitWidth</c>, <c>DOTNET_EnableAVX512</c>, <c>DOTNET_EnableAVX2</c>,
    /// <c>DOTNET_EnableHWIntrinsic</c>), because it reads the same JIT-time constants the kernels branch on.
    /// </summary>
    public static SimdTier HardwareTier { get; } = DetectHardwareTier();

    /// <summary>A process-wide upper bound on the tier kernels use. Defaults to <see cref="SimdTier.Vector512"/> (no cap).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="SimdTier"/>.</exception>
    public static SimdTier MaxTier
    {
        get => (SimdTier)processCap;
        set
        {
            ValidateTier(value, nameof(value));
            processCap = (int)value;
        }
    }

    /// <summary>The tier kernels called from this thread run at now: the least of the hardware tier and both caps.</summary>
    public static SimdTier Tier
    {
        get
        {
            int tier = Math.Min((int)HardwareTier, processCap);
            SimdTier? cap = threadCap;
            return cap is { } c && (int)c < tier ? c : (SimdTier)tier;
        }
    }

    /// <summary>
    /// Caps the tier for kernels called from the current thread until the returned scope is disposed
    /// (scopes nest; disposing restores the previous cap). Allocates nothing.
    /// </summary>
    /// <param name="maxTier">The widest tier this thread may use.</param>
    /// <returns>A scope to dispose (use it in a <c>using</c> statement).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTier"/> is not a defined <see cref="SimdTier"/>.</exception>
    public static SimdTierScope LimitCurrentThread(SimdTier maxTier)
    {
        ValidateTier(maxTier, nameof(maxTier));
        SimdTier? previous = threadCap;
        threadCap = maxTier;
        return new SimdTierScope(previous);
    }

    /// <summary>The tiers this process can run, from <see cref="SimdTier.Scalar"/> up to <see cref="HardwareTier"/>.</summary>
    public static IReadOnlyList<SimdTier> AvailableTiers { get; } =
        Enumerable.Range(0, (int)HardwareTier + 1).Select(t => (SimdTier)t).ToArray();

    internal static void RestoreThreadCap(SimdTier? previous) => threadCap = previous;

    private static SimdTier DetectHardwareTier() =>
        Vector512.IsHardwareAccelerated ? SimdTier.Vector512
        : Vector256.IsHardwareAccelerated ? SimdTier.Vector256
        : Vector128.IsHardwareAccelerated ? SimdTier.Vector128
        : SimdTier.Scalar;

    private static void ValidateTier(SimdTier tier, string paramName) => Check.Defined(tier, paramName);
}
