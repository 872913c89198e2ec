namespace SimdBackprop.Tests.Support;

/// <summary>Steady-state allocation checks with GC.GetAllocatedBytesForCurrentThread.</summary>
internal static class Allocations
{
    /// <summary>
    /// Asserts that <paramref name="call"/> allocates nothing once warmed up: after 100 warm-up calls (past the
    /// runtime's 30-call tier-up threshold), a window of 20 calls must show 0 bytes. A call that allocates does
    /// so in every window, so up to five windows are tried, 50 ms apart: a one-off count while the runtime
    /// is still tiering code up under a fully loaded parallel test run (seen sporadically, never reproduced in
    /// isolation) must not fail the test, while a real per-call allocation still fails it every time.
    /// </summary>
    /// <param name="call">The call under test.</param>
    /// <param name="what">Names the case in a failure.</param>
    /// <param name="otherThreads">Bytes allocated so far by other threads the call runs work on (e.g. a worker pool), counted too.</param>
    public static void AssertNone(Action call, string what, Func<long>? otherThreads = null)
    {
        for (int i = 0; i < 100; i++)
        {
            call();
        }

        long smallest = long.MaxValue;
        for (int window = 0; window < 5 && smallest != 0; window++)
        {
            if (window > 0)
            {
                Thread.Sleep(50);
            }

            long before = GC.GetAllocatedBytesForCurrentThread() + (otherThreads?.Invoke() ?? 0);
            for (int i = 0; i < 20; i++)
            {
                call();
            }

            smallest = Math.Min(smallest, GC.GetAllocatedBytesForCurrentThread() + (otherThreads?.Invoke() ?? 0) - before);
        }

        Assert.True(smallest == 0, $"{what}: {smallest} bytes allocated in every window of 20 calls");
    }
}
