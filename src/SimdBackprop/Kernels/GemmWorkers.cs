using System.Runtime.ExceptionServices;

namespace SimdBackprop.Kernels;

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

    /// <summary>Claims an idle worker for the caller (starting one if the pool is not full): its index, or -1 if all are busy.</summary>
    public static int Claim()
    {
        GemmWorker[] workers = Volatile.Read(ref pool);
        for (int i = 0; i < workers.Length; i++)
        {
            if (workers[i].TryClaim())
            {
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

/// <summary>One pool thread: waits for a job, runs it, signals completion; owned by one caller between <see cref="GemmWorkers.Claim"/> and <see cref="Join"/>.</summary>
internal sealed class GemmWorker
{
    private readonly ManualResetEventSlim start = new(false);
    private readonly ManualResetEventSlim done = new(false);
    private int claimed; // 1 from Claim until Join returns: one caller at a time
    private GemmJob job;
    private ExceptionDispatchInfo? failure;
    private long allocatedBytes; // this thread's GC allocation count after its last block

    public long AllocatedBytes => Volatile.Read(ref allocatedBytes);

    public GemmWorker()
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = "SimdBackprop GEMM worker" };
        thread.Start();
    }

    public bool TryClaim() => Interlocked.CompareExchange(ref claimed, 1, 0) == 0;

    /// <summary>Hands the claimed worker its block (Set publishes the job fields to the worker thread).</summary>
    public void Start(in GemmJob part)
    {
        job = part;
        start.Set();
    }

    /// <summary>Waits for the block to finish, releases the worker, and rethrows what the block threw.</summary>
    public void Join()
    {
        done.Wait();
        done.Reset();
        ExceptionDispatchInfo? thrown = failure;
        failure = null;
        Volatile.Write(ref claimed, 0);
        thrown?.Throw();
    }

    private void Loop()
    {
        while (true)
        {
            start.Wait();
            start.Reset(); // safe: the next Set comes only after this job's Join
            try
            {
                job.Execute();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }

            Volatile.Write(ref allocatedBytes, GC.GetAllocatedBytesForCurrentThread());
            done.Set();
        }
    }
}
