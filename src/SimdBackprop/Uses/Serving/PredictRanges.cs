using SimdBackprop.Kernels.Threading;

namespace SimdBackprop.Uses.Serving;

/// <summary>How a parallel <see cref="Predictor"/> call is cut: piece i is samples [i·chunk, (i+1)·chunk), the last shorter.</summary>
internal readonly struct PredictRanges(PredictJob whole, int chunk) : IJobParts<PredictJob>
{
    public PredictJob Part(int index)
    {
        int start = index * chunk;
        return whole.Samples(start, Math.Min(chunk, whole.Batch - start));
    }
}
