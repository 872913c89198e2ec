using System.Runtime.ExceptionServices;

namespace SimdBackprop.Kernels.MatrixProducts;

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
