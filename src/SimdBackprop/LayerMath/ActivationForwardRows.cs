using SimdBackprop.Kernels.Threading;

namespace SimdBackprop.LayerMath;

/// <summary>Rows [start, start + count) of o = σ(u), as plain data for a worker: raw pointers into the caller's
/// pinned u and o (rows × features each). A row's outputs depend on that row alone.</summary>
internal readonly unsafe struct ActivationForwardRows(Activation activation, int features, float* preActivation, float* output) : IRangeWork
{
    public void Execute(int start, int count)
    {
        long offset = (long)start * features;
        int length = count * features;
        ActivationDispatch.Forward(activation, features, new ReadOnlySpan<float>(preActivation + offset, length), new Span<float>(output + offset, length));
    }
}
