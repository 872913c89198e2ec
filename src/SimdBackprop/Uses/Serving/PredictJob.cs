namespace SimdBackprop.Uses.Serving;

/// <summary>
/// A range of samples of one parallel <see cref="Predictor"/> call, as plain data for a worker thread: the model
/// the whole call runs on, the caller's tier, and raw pointers into the caller's pinned inputs and outputs.
/// Each sample's outputs depend on that sample alone, so any cut gives the single-threaded call's bits.
/// </summary>
internal readonly unsafe struct PredictJob(PredictorModel model, SimdTier tier, float* inputs, float* outputs, int batch)
{
    /// <summary>The samples [start, start + count) of this job.</summary>
    public PredictJob Samples(int start, int count) =>
        new(model, tier, inputs + ((long)start * model.InputSize), outputs + ((long)start * model.OutputSize), count);

    public int Batch => batch;

    /// <summary>Runs the range at the caller's tier (the pool runs a worker's piece under that tier too).</summary>
    public void Execute() =>
        Predictor.RunChunks(
            model, tier, new ReadOnlySpan<float>(inputs, batch * model.InputSize), batch, new Span<float>(outputs, batch * model.OutputSize));
}
