using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace SimdBackprop.Kernels.Threading;

/// <summary>One pool thread: waits for a piece, runs it under the caller's SIMD tier, signals completion; owned by
/// one caller between <see cref="WorkerPool.Claim"/> and <see cref="Join"/>.</summary>
/// <remarks>
/// Both waits (the worker's for its next job, the caller's for the worker) spin on the event's flag for up to
/// <see cref="SpinBudget"/> before blocking. A blocked thread is woken by a futex, and on a virtual machine
/// whose idle vCPU has halted that wake is an interrupt through the hypervisor: tens of microseconds, paid per
/// product. A training step hands the pool one product after another a few microseconds apart, so within a
/// step the worker is caught spinning; between bursts it blocks and costs nothing.
/// The loop and the spin skip tiering (AggressiveOptimization): <see cref="Loop"/> is entered once and runs for
/// the life of the process, so under Dynamic PGO it ran on code reached through on-stack replacement, and the
/// two-thread training step at batch 64 was no faster than one thread until it, the spin,
/// <see cref="ForkJoin.Run{TParts}"/> and the GEMM's parallel entry were marked (Zen 5 guest, one → two
/// threads: 343 → 200 µs; perf/results.md).
/// The piece arrives as a function pointer, the address of the caller's parts (on the caller's stack, which
/// outlives the piece: <see cref="ForkJoin"/> joins before it returns) and the piece's index, so one thread runs
/// every kind of job and a hand-off allocates nothing.
/// </remarks>
internal sealed unsafe class Worker
{
    /// <summary>How long a wait spins before it blocks: longer than the gaps between the products of one
    /// training step (element-wise passes of tens of microseconds), short enough to be free between steps.</summary>
    private static readonly long SpinBudget = Stopwatch.Frequency / 5_000; // 200 µs

    private readonly ManualResetEventSlim start = new(false);
    private readonly ManualResetEventSlim done = new(false);
    private int claimed; // 1 from Claim until Join returns: one caller at a time
    private delegate*<void*, int, void> run; // runs piece `part` of the parts at `parts`
    private void* parts;
    private int part;
    private SimdTier tier;
    private ExceptionDispatchInfo? failure;
    private long allocatedBytes; // this thread's GC allocation count after its last block

    public long AllocatedBytes => Volatile.Read(ref allocatedBytes);

    public Worker(string name)
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = name };
        thread.Start();
    }

    public bool TryClaim() => Interlocked.CompareExchange(ref claimed, 1, 0) == 0;

    /// <summary>Hands the claimed worker its piece (Set publishes the fields to the worker thread).</summary>
    /// <param name="run">Runs one piece of the parts at its first argument.</param>
    /// <param name="parts">The caller's parts; they must stay where they are until <see cref="Join"/> returns.</param>
    /// <param name="part">The piece's index.</param>
    /// <param name="tier">The caller's tier: kernels read it from the thread, so the worker is capped like the caller.</param>
    public void Start(delegate*<void*, int, void> run, void* parts, int part, SimdTier tier)
    {
        this.run = run;
        this.parts = parts;
        this.part = part;
        this.tier = tier;
        start.Set();
    }

    /// <summary>Waits for the piece to finish, releases the worker, and rethrows what the block threw.</summary>
    public void Join()
    {
        SpinThenWait(done);
        done.Reset();
        ExceptionDispatchInfo? thrown = failure;
        failure = null;
        Volatile.Write(ref claimed, 0);
        thrown?.Throw();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Loop()
    {
        while (true)
        {
            SpinThenWait(start);
            start.Reset(); // safe: the next Set comes only after this job's Join
            try
            {
                using SimdTierScope scope = Simd.LimitCurrentThread(tier);
                run(parts, part);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }

            Volatile.Write(ref allocatedBytes, GC.GetAllocatedBytesForCurrentThread());
            done.Set();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SpinThenWait(ManualResetEventSlim signal)
    {
        long deadline = Stopwatch.GetTimestamp() + SpinBudget;
        while (!signal.IsSet && Stopwatch.GetTimestamp() < deadline)
        {
            Thread.SpinWait(16);
        }

        signal.Wait();
    }
}
