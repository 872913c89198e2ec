using SimdBackprop.Kernels.Threading;

namespace SimdBackprop.Kernels.Elementwise.Updates;

/// <summary>
/// Elements [start, start + count) of one optimizer update, as plain data for a worker: the rule and raw pointers
/// into the caller's pinned θ, g and state (null where the rule has no such state). Each element's update reads
/// only its own θ, g, m, v, so any cut gives the single-threaded bits.
/// </summary>
internal readonly unsafe struct UpdateRange<TRule>(TRule rule, float* theta, float* gradient, float* first, float* second) : IRangeWork
    where TRule : struct, IUpdateRule
{
    public void Execute(int start, int count) =>
        UpdateDriver.Run(
            rule,
            new Span<float>(theta + start, count), // θ: count
            new ReadOnlySpan<float>(gradient + start, count), // g: count
            first is null ? default : new Span<float>(first + start, count), // m: count, or empty
            second is null ? default : new Span<float>(second + start, count)); // v: count, or empty
}
