using System.Runtime.ExceptionServices;

namespace SimdBackprop.Kernels.Threading;

/// <summary>One pool thread: waits for a job, runs it, signals completion; owned by one caller between
/// <see cref="WorkerPool{TJob}.Claim"/> and <see cref="Join"/>.</summary>
/// <typeparam name="TJob">The work it runs (stored by value: no allocation per hand-off).</typeparam>
internal sealed class Worker<TJob>
    where TJob : struct, IWorkerJob
{
    private readonly ManualResetEventSlim start = new(false);
    private readonly ManualResetEventSlim done = new(false);
    private int claimed; // 1 from Claim until Join returns: one caller at a time
    private TJob job;
    private ExceptionDispatchInfo? failure;
    private long allocatedBytes; // this thread's GC allocation count after its last block

    public long AllocatedBytes => Volatile.Read(ref allocatedBytes);

    public Worker(string name)
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = name };
        thread.Start();
    }

    public bool TryClaim() => Interlocked.CompareExchange(ref claimed, 1, 0) == 0;

    /// <summary>Hands the claimed worker its piece (Set publishes the job fields to the worker thread).</summary>
    public void Start(in TJob part)
    {
        job = part;
        start.Set();
    }

    /// <summary>Waits for the piece to finish, releases the worker, and rethrows what the block threw.</summary>
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
