using SimdBackprop.Kernels.Threading;

namespace SimdBackprop.Uses.Serving;

/// <summary>
/// A range of samples of one parallel <see cref="Predictor"/> call, as plain data for a worker thread: the model
/// the whole call runs on, the caller's tier, and raw pointers into the caller's pinned inputs and outputs.
/// Each sample's outputs depend on that sample alone, so any cut gives the single-threaded call's bits.
/// </summary>
internal readonly unsafe struct PredictJob(PredictorModel model, SimdTier tier, float* inputs, float* outputs, int batch) : IWorkerJob
{
    /// <summary>The samples [start, start + count) of this job.</summary>
    public PredictJob Samples(int start, int count) =>
        new(model, tier, inputs + ((long)start * model.InputSize), outputs + ((long)start * model.OutputSize), count);

    public int Batch => batch;

    /// <summary>Runs the range under the caller's tier: the kernels take it as an argument, and the activations
    /// applied after them read it from the thread, so a worker must be capped like the caller.</summary>
    public void Execute()
    {
        using SimdTierScope scope = Simd.LimitCurrentThread(tier);
        Predictor.RunChunks(
            model, tier, new ReadOnlySpan<float>(inputs, batch * model.InputSize), batch, new Span<float>(outputs, batch * model.OutputSize));
    }
}
