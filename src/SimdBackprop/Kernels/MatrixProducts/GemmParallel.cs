using System.Runtime.CompilerServices;
using SimdBackprop.Kernels.Threading;

namespace SimdBackprop.Kernels.MatrixProducts;

/// <summary>
/// The parallel GEMM behind <c>Gemm.Multiply(…, degreeOfParallelism)</c>: C is cut into equal column blocks
/// (or row blocks), each an independent single-threaded GEMM run by the caller or a <see cref="WorkerPool"/>
/// thread with its own packing buffers.
/// </summary>
/// <remarks>
/// Why independent blocks rather than BLIS's shared packed B (pack B once, threads split the ic loop): with
/// two cores the shared scheme needs a barrier per KC slice (the packed B is overwritten by the next slice),
/// and every barrier waits for the slower thread on a machine where other processes steal time slices. Cutting
/// C instead costs one duplicated packing: column blocks each pack all of A (m·k floats), row blocks each pack
/// all of B (n·k), so the cut goes across the larger of m and n and the smaller operand is the one packed
/// twice. At 1024³ that is 4 MiB of extra packing against 2·10⁹ flops, ~2–4 % of a thread's time, and there
/// is no synchronisation at all between the fork and the join. Blocks are whole micro-kernel tiles (NR
/// columns or MR rows), so no thread computes more padding than the single-threaded path does.
/// </remarks>
internal static unsafe class GemmParallel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, int degreeOfParallelism)
    {
        SimdTier tier = Simd.Tier;
        (int mr, int nr) = GemmDriver.Tile(tier);
        (bool byColumns, int chunk, int parts) = Split(m, n, k, mr, nr, degreeOfParallelism);
        if (parts <= 1)
        {
            GemmDriver.Run(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }

        // k ≥ 1 here (Split gives one part for no work), so A and B are non-empty and the pointers are real.
        fixed (float* pa = a, pb = b, pc = c)
        {
            var whole = new GemmJob
            {
                Tier = tier, TransposeA = transposeA, TransposeB = transposeB, M = m, N = n, K = k, Alpha = alpha, Beta = beta,
                A = pa, B = pb, C = pc, Lda = lda, Ldb = ldb, Ldc = ldc,
            };
            Execute(in whole, byColumns, chunk, parts);
        }
    }

    /// <summary>
    /// How to cut C: along columns (byColumns) or rows, in blocks of chunk (a whole number of tiles), into parts
    /// blocks. One part when the product is too small to share.
    /// </summary>
    internal static (bool ByColumns, int Chunk, int Parts) Split(int m, int n, int k, int mr, int nr, int degreeOfParallelism)
    {
        int parts = ForkJoin.Parts((long)m * n * k, ForkJoin.MinWorkPerThread, degreeOfParallelism);
        if (parts <= 1)
        {
            return (true, n, 1);
        }

        // Cut across the longer side: its tiles split evenly, and the operand packed twice is the smaller one.
        bool byColumns = n >= m;
        int length = byColumns ? n : m, unit = byColumns ? nr : mr;
        int units = (length + unit - 1) / unit;
        parts = Math.Min(parts, units);
        int chunk = (units + parts - 1) / parts * unit;
        parts = (length + chunk - 1) / chunk;
        return (byColumns, chunk, parts);
    }

    /// <summary>Whether an m×n×k product on up to <paramref name="degreeOfParallelism"/> threads is cut at all.</summary>
    internal static bool Splits(int m, int n, int k, int degreeOfParallelism) =>
        ForkJoin.Parts((long)m * n * k, ForkJoin.MinWorkPerThread, degreeOfParallelism) > 1;

    private static void Execute(in GemmJob whole, bool byColumns, int chunk, int parts) =>
        ForkJoin.Run(new GemmBlocks(whole, byColumns, chunk), parts);
}
