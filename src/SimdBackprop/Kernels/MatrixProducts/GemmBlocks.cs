using SimdBackprop.Kernels.Threading;

namespace SimdBackprop.Kernels.MatrixProducts;

/// <summary>How <see cref="GemmParallel"/> cuts one product: block i of C is columns (or rows) [i·chunk, (i+1)·chunk),
/// the last one shorter, each an independent GEMM.</summary>
internal readonly struct GemmBlocks(GemmJob whole, bool byColumns, int chunk) : IJobParts
{
    public void Execute(int part)
    {
        int length = byColumns ? whole.N : whole.M;
        int start = part * chunk, size = Math.Min(chunk, length - start);
        GemmJob block = byColumns ? whole.Columns(start, size) : whole.Rows(start, size);
        block.Execute();
    }
}
