using SimdBackprop.Kernels.Threading;

namespace SimdBackprop.LayerMath;

/// <summary>Rows [start, start + count) of δ = ∂E/∂o ⊙ σ'(u) (softmax: its Jacobian-vector product per row), as
/// plain data for a worker: raw pointers into the caller's pinned spans (rows × features each). A row's δ
/// depends on that row alone.</summary>
internal readonly unsafe struct ActivationBackwardRows(Activation activation, int features, float* dOutput, float* preActivation, float* output, float* delta) : IRangeWork
{
    public void Execute(int start, int count)
    {
        long offset = (long)start * features;
        int length = count * features;
        ActivationDispatch.Backward(
            activation,
            features,
            new ReadOnlySpan<float>(dOutput + offset, length),
            new ReadOnlySpan<float>(preActivation + offset, length),
            new ReadOnlySpan<float>(output + offset, length),
            new Span<float>(delta + offset, length));
    }
}
