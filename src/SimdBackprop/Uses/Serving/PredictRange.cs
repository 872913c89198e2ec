using SimdBackprop.Kernels.Threading;

namespace SimdBackprop.Uses.Serving;

/// <summary>
/// Samples [start, start + count) of one parallel <see cref="Predictor"/> call, as plain data for a worker thread:
/// the model the whole call runs on, the caller's tier, and raw pointers into the caller's pinned inputs
/// (batch × InputSize) and outputs (batch × OutputSize). Each sample's outputs depend on that sample alone, so
/// any cut gives the single-threaded call's bits.
/// </summary>
internal readonly unsafe struct PredictRange(PredictorModel model, SimdTier tier, float* inputs, float* outputs) : IRangeWork
{
    public void Execute(int start, int count) =>
        Predictor.RunChunks(
            model,
            tier,
            new ReadOnlySpan<float>(inputs + ((long)start * model.InputSize), count * model.InputSize),
            count,
            new Span<float>(outputs + ((long)start * model.OutputSize), count * model.OutputSize));
}
