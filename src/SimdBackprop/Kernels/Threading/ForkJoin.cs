using System.Runtime.CompilerServices;

namespace SimdBackprop.Kernels.Threading;

/// <summary>
/// Runs the pieces of one job on the caller and idle <see cref="WorkerPool"/> threads, and returns when
/// all have finished: pieces 1 … h go to the h workers the caller could claim, piece 0 and every piece no
/// idle worker was left for run on the caller. Nothing is shared between pieces, so there is no
/// synchronisation between the fork and the join; a piece that throws is rethrown after every piece ended
/// (the first exception wins), so the caller may unpin its operands when this returns.
/// </summary>
internal static unsafe class ForkJoin
{
    /// <summary>Pieces at most (bounds the stack space for claimed worker indices).</summary>
    public const int MaxParts = 64;

    /// <summary>
    /// Multiply-adds below which a piece is not worth handing to another thread: waking a blocked worker costs
    /// a few microseconds (a futex wake and a context switch), about what 2¹⁸ multiply-adds take at 100 GFLOP/s.
    /// </summary>
    public const long MinWorkPerThread = 1L << 18;

    /// <summary>
    /// Elements below which a piece of element-wise work (an activation, an optimizer update) is not worth
    /// handing over: streaming passes run at a few elements per nanosecond, so 2¹⁵ elements are several
    /// microseconds, well above a hand-off to a spinning worker (under a microsecond).
    /// </summary>
    public const long MinElementsPerThread = 1L << 15;

    /// <summary>Floats in a 64-byte cache line (every x64 and Arm64 core this runs on): the grain of element ranges,
    /// so that pieces cut at multiples of it never share a written line.</summary>
    public const int FloatsPerLine = 16;

    /// <param name="parts">The job; a copy of it on this frame is what the workers read.</param>
    /// <param name="count">Pieces (at most <see cref="MaxParts"/>).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TParts>(TParts parts, int count)
        where TParts : struct, IJobParts
    {
        count = Math.Min(count, MaxParts);
        Span<int> workers = stackalloc int[MaxParts];
        void* shared = Unsafe.AsPointer(ref parts); // this frame's copy: it stays put until every worker has joined
        SimdTier tier = Simd.Tier;
        int handed = 0;
        for (int part = 1; part < count; part++)
        {
            int worker = WorkerPool.Claim();
            if (worker < 0)
            {
                break;
            }

            WorkerPool.Get(worker).Start(&ExecutePart<TParts>, shared, part, tier);
            workers[handed++] = worker;
        }

        try
        {
            parts.Execute(0);
            for (int part = handed + 1; part < count; part++)
            {
                parts.Execute(part);
            }
        }
        finally
        {
            JoinAll(workers[..handed]);
        }
    }

    /// <summary>Rows of <paramref name="width"/> floats that make a whole number of cache lines: the grain of a
    /// range of rows (1 for widths that are multiples of 16, 16 for odd widths).</summary>
    public static int LineAlignedRows(int width) => FloatsPerLine / Math.Min(width & -width, FloatsPerLine); // gcd(width, 16) is its lowest set bit, at most 16

    /// <summary>
    /// How many pieces a job of <paramref name="work"/> units is cut into: at most the degree and
    /// <see cref="MaxParts"/>, and at least <paramref name="minPerPiece"/> units each (one piece: not worth
    /// sharing). The one cost rule of every parallel entry.
    /// </summary>
    public static int Parts(long work, long minPerPiece, int degreeOfParallelism) =>
        (int)Math.Min(Math.Min(degreeOfParallelism, MaxParts), work / minPerPiece);

    /// <summary>
    /// Runs items [0, length) of <paramref name="work"/> on up to <paramref name="degreeOfParallelism"/> threads,
    /// in pieces of at least <paramref name="minPerPiece"/> cost units (<see cref="MinElementsPerThread"/> for
    /// element-wise passes, <see cref="MinWorkPerThread"/> for multiply-adds). Every piece starts on a multiple of
    /// <paramref name="grain"/> items and is at least one grain long: with a grain of <see cref="FloatsPerLine"/>
    /// floats the pieces meet on cache lines (two threads never write one line), and a piece's vectors are the very
    /// vectors the single-threaded pass uses, its tail included. One piece runs on the caller alone.
    /// </summary>
    /// <param name="work">The work.</param>
    /// <param name="length">Items.</param>
    /// <param name="costPerItem">Cost units an item takes (a row's width in elements; 1 for plain elements; a
    /// sample's multiply-adds).</param>
    /// <param name="minPerPiece">Cost units below which a piece is not worth handing over.</param>
    /// <param name="grain">Items every piece start is a multiple of.</param>
    /// <param name="degreeOfParallelism">Threads at most, the caller's included.</param>
    public static void RunRange<TWork>(TWork work, int length, long costPerItem, long minPerPiece, int grain, int degreeOfParallelism)
        where TWork : struct, IRangeWork
    {
        int wholeGrains = length / grain;
        int parts = Math.Min(Parts(length * costPerItem, minPerPiece, degreeOfParallelism), wholeGrains);
        if (parts <= 1)
        {
            work.Execute(0, length);
            return;
        }

        int chunk = wholeGrains / parts * grain;
        Run(new RangeParts<TWork>(work, length, chunk, parts), parts);
    }

    private static void JoinAll(ReadOnlySpan<int> workers)
    {
        Exception? first = null;
        foreach (int worker in workers)
        {
            try
            {
                WorkerPool.Get(worker).Join();
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

    /// <summary>What a worker calls: piece <paramref name="part"/> of the <typeparamref name="TParts"/> at <paramref name="parts"/>.</summary>
    private static void ExecutePart<TParts>(void* parts, int part)
        where TParts : struct, IJobParts =>
        Unsafe.AsRef<TParts>(parts).Execute(part);
}
