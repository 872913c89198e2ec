using System.Runtime.CompilerServices;

namespace SimdBackprop.Kernels.Threading;

/// <summary>
/// Runs the pieces of one job on the caller and idle <see cref="WorkerPool{TJob}"/> threads, and returns when
/// all have finished: pieces 1 … h go to the h workers the caller could claim, piece 0 and every piece no
/// idle worker was left for run on the caller. Nothing is shared between pieces, so there is no
/// synchronisation between the fork and the join; a piece that throws is rethrown after every piece ended
/// (the first exception wins), so the caller may unpin its operands when this returns.
/// </summary>
internal static class ForkJoin
{
    /// <summary>Pieces at most (bounds the stack space for claimed worker indices).</summary>
    public const int MaxParts = 64;

    /// <summary>
    /// Multiply-adds below which a piece is not worth handing to another thread: waking a blocked worker costs
    /// a few microseconds (a futex wake and a context switch), about what 2¹⁸ multiply-adds take at 100 GFLOP/s.
    /// </summary>
    public const long MinWorkPerThread = 1L << 18;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TJob, TParts>(in TParts parts, int count)
        where TJob : struct, IWorkerJob
        where TParts : struct, IJobParts<TJob>
    {
        count = Math.Min(count, MaxParts);
        Span<int> workers = stackalloc int[MaxParts];
        int handed = 0;
        for (int part = 1; part < count; part++)
        {
            int worker = WorkerPool<TJob>.Claim();
            if (worker < 0)
            {
                break;
            }

            WorkerPool<TJob>.Get(worker).Start(parts.Part(part));
            workers[handed++] = worker;
        }

        try
        {
            parts.Part(0).Execute();
            for (int part = handed + 1; part < count; part++)
            {
                parts.Part(part).Execute();
            }
        }
        finally
        {
            JoinAll<TJob>(workers[..handed]);
        }
    }

    private static void JoinAll<TJob>(ReadOnlySpan<int> workers)
        where TJob : struct, IWorkerJob
    {
        Exception? first = null;
        foreach (int worker in workers)
        {
            try
            {
                WorkerPool<TJob>.Get(worker).Join();
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
}
