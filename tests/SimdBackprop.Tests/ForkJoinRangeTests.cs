using SimdBackprop.Kernels.Threading;

namespace SimdBackprop.Tests;

/// <summary>
/// How <see cref="ForkJoin.RunRange{TWork}"/> cuts element-wise work: every item exactly once, every piece
/// starting on a multiple of the grain and at least a grain long (so a piece's vectors are the single-threaded
/// pass's), at most as many pieces as threads, none below the minimum size, one piece for a degree of 1.
/// </summary>
public class ForkJoinRangeTests
{
    [Fact]
    public unsafe void RunRange_CoversEveryItemOnce_InGrainAlignedPieces()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 400; trial++)
        {
            int grain = trial % 3 == 0 ? 1 : ForkJoin.LineAlignedRows(random.Next(1, 100));
            int elementsPerItem = random.Next(2) == 0 ? 1 : random.Next(1, 3000);
            int length = random.Next(0, 200_000 / elementsPerItem + 40);
            int threads = random.Next(1, 6);
            var hits = new int[length];
            var starts = new int[ForkJoin.MaxParts];
            var counts = new int[ForkJoin.MaxParts];
            int pieces = 0;
            fixed (int* h = hits, s = starts, c = counts)
            {
                ForkJoin.RunRange(new Recorder(h, s, c, &pieces), length, elementsPerItem, ForkJoin.MinElementsPerThread, grain, threads);
            }

            string what = $"length {length}, {elementsPerItem} elements per item, grain {grain}, {threads} threads";
            Assert.All(hits, n => Assert.Equal(1, n));
            Assert.InRange(pieces, length == 0 ? 0 : 1, threads);
            long elements = (long)length * elementsPerItem;
            if (threads == 1 || elements < 2 * ForkJoin.MinElementsPerThread)
            {
                Assert.True(pieces <= 1, $"{what}: {pieces} pieces for work one thread should do");
            }

            for (int p = 0; p < pieces && pieces > 1; p++)
            {
                Assert.True(starts[p] % grain == 0, $"{what}: piece at {starts[p]} is off the grain");
                Assert.True(counts[p] >= grain, $"{what}: piece of {counts[p]} items is below a grain");
                Assert.True((long)counts[p] * elementsPerItem >= ForkJoin.MinElementsPerThread / 2, $"{what}: piece of {counts[p]} items is too small to hand over");
            }
        }
    }

    [Theory]
    [InlineData(1, 16)]
    [InlineData(16, 1)]
    [InlineData(48, 1)]
    [InlineData(8, 2)]
    [InlineData(10, 8)]
    [InlineData(12, 4)]
    [InlineData(777, 16)]
    public void LineAlignedRows_MakeWholeCacheLines(int width, int rows)
    {
        Assert.Equal(rows, ForkJoin.LineAlignedRows(width));
        Assert.Equal(0, width * rows % ForkJoin.FloatsPerLine);
    }

    private readonly unsafe struct Recorder(int* hits, int* starts, int* counts, int* pieces) : IRangeWork
    {
        public void Execute(int start, int count)
        {
            int piece = Interlocked.Increment(ref *pieces) - 1;
            starts[piece] = start;
            counts[piece] = count;
            for (int i = start; i < start + count; i++)
            {
                hits[i]++;
            }
        }
    }
}
