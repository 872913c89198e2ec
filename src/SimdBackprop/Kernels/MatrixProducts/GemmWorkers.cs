using System.Runtime.ExceptionServices;

namespace SimdBackprop.Kernels.MatrixProducts;

/// <summary>
/// The threads a parallel GEMM hands its blocks to: at most one per core beyond the caller's, created on
/// first use and then kept (background threads, blocked on an event between products), so a parallel call
/// allocates nothing after warm-up. A caller claims idle workers; when all are busy with another caller's
/// product it simply runs more blocks itself, so concurrent callers never wait for each other and the
/// machine is never oversubscribed by this pool.
/// </summary>
internal static class GemmWorkers
{
    /// <summary>One worker per core besides the caller's (at least one, so the hand-off path always exists).</summary>
    private static readonly int MaxWorkers = Math.Max(1, Environment.ProcessorCount - 1);

    private static readonly Lock GrowLock = new();

    private static GemmWorker[] pool = []; // replaced (copied and grown) under GrowLock; indices stay valid

    [ThreadStatic]
    private static long claimsOnThisThread;

    /// <summary>Workers this thread has claimed so far: lets tests prove a degree of parallelism of 1 hands nothing to another thread.</summary>
    public static long ClaimsOnThisThread => claimsOnThisThread;

    /// <summary>Claims an idle worker for the caller (starting one if the pool is not full): its index, or -1 if all are busy.</summary>
    public static int Claim()
    {
        GemmWorker[] workers = Volatile.Read(ref pool);
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

            var worker = new GemmWorker();
            worker.TryClaim();
            var grown = new GemmWorker[workers.Length + 1];
            workers.CopyTo(grown, 0);
            grown[^1] = worker;
            Volatile.Write(ref pool, grown);
            claimsOnThisThread++;
            return grown.Length - 1;
        }
    }

    /// <summary>Bytes the pool threads have allocated so far (as of their last finished block): lets tests prove the parallel path allocates nothing.</summary>
    public static long AllocatedBytes()
    {
        long sum = 0;
        foreach (GemmWorker worker in Volatile.Read(ref pool))
        {
            sum += worker.AllocatedBytes;
        }

        return sum;
    }

    /// <summary>The worker a <see cref="Claim"/> returned.</summary>
    public static GemmWorker Get(int index) => Volatile.Read(ref pool)[index];
}
