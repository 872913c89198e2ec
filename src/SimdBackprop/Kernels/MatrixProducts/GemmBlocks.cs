using SimdBackprop.Kernels.Threading;

namespace SimdBackprop.Kernels.MatrixProducts;

/// <summary>How <see cref="GemmParallel"/> cuts one product: block i of C is columns (or rows) [i·chunk, (i+1)·chunk),
/// the last one shorter, each an independent GEMM.</summary>
internal readonly struct GemmBlocks(GemmJob whole, bool byColumns, int chunk) : IJobParts<GemmJob>
{
    public GemmJob Part(int index)
    {
        int length = byColumns ? whole.N : whole.M;
        int start = index * chunk, size = Math.Min(chunk, length - start);
        return byColumns ? whole.Columns(start, size) : whole.Rows(start, size);
    }
}
