namespace SimdBackprop.Tests.Support;

/// <summary>Steady-state allocation checks with GC.GetAllocatedBytesForCurrentThread.</summary>
internal static class Allocations
{
    /// <summary>
    /// Asserts that <paramref name="call"/> allocates nothing once warmed up: after a few warm-up calls, a window
    /// of 20 calls must show 0 bytes. A call that allocates allocates in every window, so up to three windows are
    /// tried: a one-off count in a window (seen under a fully loaded parallel test run, never reproduced in
    /// isolation) must not fail the test, while a real per-call allocation still fails it every time.
    /// </summary>
    public static void AssertNone(Action call, string what)
    {
        for (int i = 0; i < 5; i++)
        {
            call();
        }

        long smallest = long.MaxValue;
        for (int window = 0; window < 3 && smallest != 0; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++)
            {
                call();
            }

            smallest = Math.Min(smallest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(smallest == 0, $"{what}: {smallest} bytes allocated in every window of 20 calls");
    }
}
