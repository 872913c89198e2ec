namespace SimdBackprop.Kernels.MatrixProducts;

/// <summary>
/// The parallel GEMM behind <c>Gemm.Multiply(…, degreeOfParallelism)</c>: C is cut into equal column blocks
/// (or row blocks), each an independent single-threaded GEMM run by the caller or a <see cref="GemmWorkers"/>
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
    /// <summary>
    /// Multiply-adds below which a block is not handed to another thread: waking a blocked worker costs a few
    /// microseconds (a futex wake and a context switch), about what 2¹⁸ multiply-adds take at 100 GFLOP/s.
    /// </summary>
    internal const long MinWorkPerThread = 1L << 18;

    /// <summary>Blocks at most (bounds the stack space for claimed worker indices).</summary>
    private const int MaxParts = 64;

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
        long work = (long)m * n * k;
        int parts = (int)Math.Min(Math.Min(degreeOfParallelism, MaxParts), work / MinWorkPerThread);
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

    private static void Execute(in GemmJob whole, bool byColumns, int chunk, int parts)
    {
        int length = byColumns ? whole.N : whole.M;
        Span<int> workers = stackalloc int[MaxParts];
        int handed = 0;

        // Blocks 1 … handed go to pool threads; block 0 and any block no idle worker was left for run here.
        for (int part = 1; part < parts; part++)
        {
            int worker = GemmWorkers.Claim();
            if (worker < 0)
            {
                break;
            }

            GemmWorkers.Get(worker).Start(Block(in whole, byColumns, chunk, length, part));
            workers[handed++] = worker;
        }

        try
        {
            Block(in whole, byColumns, chunk, length, 0).Execute();
            for (int part = handed + 1; part < parts; part++)
            {
                Block(in whole, byColumns, chunk, length, part).Execute();
            }
        }
        finally
        {
            // Every handed block must finish before the operands are unpinned, even if this thread threw.
            ExceptionFirst(workers[..handed]);
        }
    }

    private static void ExceptionFirst(ReadOnlySpan<int> workers)
    {
        Exception? first = null;
        foreach (int worker in workers)
        {
            try
            {
                GemmWorkers.Get(worker).Join();
            }
            catch (Exception e)
            {
                first ??= e;
            }
        }

        if (first is not null)
        {
            throw first;
        }
    }

    private static GemmJob Block(in GemmJob whole, bool byColumns, int chunk, int length, int part)
    {
        int start = part * chunk, size = Math.Min(chunk, length - start);
        return byColumns ? whole.Columns(start, size) : whole.Rows(start, size);
    }
}
