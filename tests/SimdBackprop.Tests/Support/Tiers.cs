using SimdBackprop.Kernels.MatrixProducts.MicroKernels;

namespace SimdBackprop.Tests.Support;

/// <summary>Runs a test body once per tier this process can run, each pinned with a thread cap.</summary>
internal static class Tiers
{
    /// <summary>Every tier from Scalar up to the hardware tier, as xunit theory data.</summary>
    public static TheoryData<SimdTier> All
    {
        get
        {
            var data = new TheoryData<SimdTier>();
            foreach (SimdTier tier in Simd.AvailableTiers)
            {
                data.Add(tier);
            }

            return data;
        }
    }

    /// <summary>Runs <paramref name="body"/> at each available tier, naming the tier in any failure.</summary>
    public static void ForEach(Action<SimdTier> body)
    {
        foreach (SimdTier tier in Simd.AvailableTiers)
        {
            using (Simd.LimitCurrentThread(tier))
            {
                try
                {
                    body(tier);
                }
                catch (Exception e) when (e is not TierFailure)
                {
                    throw new TierFailure(tier, e);
                }
            }
        }
    }

    /// <summary>The vector length (floats) of a tier: 1 for scalar.</summary>
    public static int Width(SimdTier tier) => tier switch
    {
        SimdTier.Vector512 => 16,
        SimdTier.Vector256 => 8,
        SimdTier.Vector128 => 4,
        _ => 1,
    };

    /// <summary>Lengths 0…4·16+3 plus a few larger ones: every edge of every width.</summary>
    public static IEnumerable<int> EdgeLengths()
    {
        for (int n = 0; n <= 67; n++)
        {
            yield return n;
        }

        foreach (int n in new[] { 127, 128, 129, 255, 257, 1000, 1031 })
        {
            yield return n;
        }
    }

    private sealed class TierFailure(SimdTier tier, Exception inner)
        : Exception($"Failed at tier {tier}: {inner.Message}", inner);
}
