using SimdBackprop.Kernels.Threading;

namespace SimdBackprop.Kernels.Elementwise;

/// <summary>Columns [start, start + count) of <see cref="ColumnSums"/>, as plain data for a worker: raw pointers into
/// the caller's pinned matrix (rows × cols) and destination (cols).</summary>
internal readonly unsafe struct ColumnSumsRange(int rows, int cols, float* matrix, float* destination) : IRangeWork
{
    public void Execute(int start, int count) =>
        ColumnSums.Accumulate(
            rows, count, cols, new ReadOnlySpan<float>(matrix + start, ((rows - 1) * cols) + count), new Span<float>(destination + start, count));
}
