namespace SimdBackprop.Tests.Support;

/// <summary>The contract every file reader is held to on corrupt input.</summary>
internal static class Corruption
{
    /// <summary>
    /// Runs <paramref name="load"/> on one corrupt file: it must load or throw an <see cref="InvalidDataException"/>
    /// with a message (any other exception fails), allocating less than <paramref name="allocationBound"/> bytes.
    /// Returns true when it loaded, false when it was refused.
    /// </summary>
    public static bool LoadsOrRefuses(Action load, long allocationBound, string what)
    {
        bool loaded = false;
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            load();
            loaded = true;
        }
        catch (InvalidDataException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} escaped: {e.Message}");
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < allocationBound, $"{what}: allocated {allocated} bytes, the bound is {allocationBound}");
        return loaded;
    }
}
