using System.Runtime.Intrinsics;

namespace SimdBackprop;

/// <summary>Restores the previous thread tier cap when disposed. Returned by <see cref="Simd.LimitCurrentThread"/>.</summary>
public readonly struct SimdTierScope : IDisposable
{
    private readonly SimdTier? previous;

    internal SimdTierScope(SimdTier? previous) => this.previous = previous;

    /// <summary>Restores the cap that was in force before this scope began.</summary>
    public void Dispose() => Simd.RestoreThreadCap(previous);
}
