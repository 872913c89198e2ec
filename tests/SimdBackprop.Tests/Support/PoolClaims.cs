using SimdBackprop.Kernels.Threading;

namespace SimdBackprop.Tests.Support;

/// <summary>Whether a parallel call hands work to the library's worker pool from this thread.</summary>
internal static class PoolClaims
{
    /// <summary>
    /// Calls <paramref name="call"/> until this thread has claimed a pool worker, up to 2,000 times. There is one
    /// worker per extra core, shared by every kind of parallel work, so while other test classes run in parallel
    /// it is now and then busy with their pieces and a call runs all of its own; a call that never hands work over
    /// fails every attempt.
    /// </summary>
    public static bool ClaimsAWorker(Action call)
    {
        long before = WorkerPool.ClaimsOnThisThread;
        for (int attempt = 0; attempt < 2_000; attempt++)
        {
            call();
            if (WorkerPool.ClaimsOnThisThread > before)
            {
                return true;
            }
        }

        return false;
    }
}
