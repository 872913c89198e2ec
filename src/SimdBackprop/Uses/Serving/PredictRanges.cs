using SimdBackprop.Kernels.Threading;

namespace SimdBackprop.Uses.Serving;

/// <summary>How a parallel <see cref="Predictor"/> call is cut: piece i is samples [i·chunk, (i+1)·chunk), the last shorter.</summary>
internal readonly struct PredictRanges(PredictJob whole, int chunk) : IJobParts
{
    public void Execute(int part)
    {
        int start = part * chunk;
        whole.Samples(start, Math.Min(chunk, whole.Batch - start)).Execute();
    }
}
