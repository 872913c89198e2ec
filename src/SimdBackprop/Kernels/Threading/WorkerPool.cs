namespace SimdBackprop.Kernels.Threading;

/// <summary>
/// The threads every parallel kernel hands its pieces to (the GEMM's blocks, the predictor's sample ranges,
/// the element-wise ranges of a training step): at most one thread per core beyond the caller's, created on
/// first use and then kept (background threads, spinning briefly and then blocked between jobs), so a parallel
/// call allocates nothing after warm-up. One pool for all kinds of work, so a worker spinning for its next
/// piece never competes for a core with a worker of another kind. A caller claims idle workers; when all are
/// busy with another caller's job it simply runs more pieces itself, so concurrent callers never wait for each
/// other and the pool never oversubscribes the machine.
/// </summary>
internal static class WorkerPool
{
    /// <summary>One worker per core besides the caller's (at least one, so the hand-off path always exists).</summary>
    private static readonly int MaxWorkers = Math.Max(1, Environment.ProcessorCount - 1);

    private static readonly Lock GrowLock = new();

    private static Worker[] pool = []; // replaced (copied and grown) under GrowLock; indices stay valid

    [ThreadStatic]
    private static long claimsOnThisThread;

    /// <summary>Workers this thread has claimed so far: lets tests prove a degree of parallelism of 1 hands nothing to another thread.</summary>
    public static long ClaimsOnThisThread => claimsOnThisThread;

    /// <summary>Claims an idle worker for the caller (starting one if the pool is not full): its index, or -1 if all are busy.</summary>
    public static int Claim()
    {
        Worker[] workers = Volatile.Read(ref pool);
        for (int i = 0; i < workers.Length; i++)
        {
            if (workers[i].TryClaim())
            {
                claimsOnThisThread++;
                return i;
            }
        }

        if (workers.Length >= MaxWorkers)
        {
            return -1;
        }

        lock (GrowLock)
        {
            workers = pool;
            if (workers.Length >= MaxWorkers)
            {
                return -1;
            }

            var worker = new Worker($"SimdBackprop worker {workers.Length + 1}");
            worker.TryClaim();
            var grown = new Worker[workers.Length + 1];
            workers.CopyTo(grown, 0);
            grown[^1] = worker;
            Volatile.Write(ref pool, grown);
            claimsOnThisThread++;
            return grown.Length - 1;
        }
    }

    /// <summary>Bytes the pool threads have allocated so far (as of their last finished piece): lets tests prove the parallel paths allocate nothing.</summary>
    public static long AllocatedBytes()
    {
        long sum = 0;
        foreach (Worker worker in Volatile.Read(ref pool))
        {
            sum += worker.AllocatedBytes;
        }

        return sum;
    }

    /// <summary>The worker a <see cref="Claim"/> returned.</summary>
    public static Worker Get(int index) => Volatile.Read(ref pool)[index];
}
