using SimdBackprop.Kernels.MatrixProducts;

namespace SimdBackprop.Tests;

/// <summary>
/// The parallel overload of Gemm.Multiply: the same answers as the double reference on shapes that straddle
/// its split points (column and row cuts, tile edges, fewer blocks than threads), at every tier; the split
/// itself; argument checks; no allocation after warm-up; two callers at once. The class runs on its own
/// after the parallel test phase: its pool threads and concurrent callers would otherwise take the cores that
/// other tests' allocation windows share with the runtime's background tier-up compiler.
/// </summary>
[Collection(nameof(GemmParallelTests))]
[CollectionDefinition(nameof(GemmParallelTests), DisableParallelization = true)]
public class GemmParallelTests
{
    // m·n·k ≥ 2·2¹⁸ so at least two blocks are cut (ForkJoin.MinWorkPerThread); n ≥ m cuts columns
    // (whole NR tiles), m > n cuts rows (whole MR tiles). Odd sizes leave a short last block; m ≤ 8, n = 1 and
    // k = 1 send the blocks down the small-shape paths.
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (33, 97, 257), (64, 130, 70), (13, 1000, 45), (3, 1000, 200), (1, 2000, 300),
        (300, 65, 40), (301, 31, 70), (2000, 1, 300), (1000, 1000, 1), (97, 96, 95), (1, 1023, 1024),
    ];

    [Fact]
    public void Multiply_Parallel_MatchesReference()
    {
        Tiers.ForEach(tier =>
        {
            int index = 0;
            foreach ((int m, int n, int k) in Shapes)
            {
                foreach (int threads in new[] { 2, 3, 5 })
                {
                    bool transposeA = (index & 1) != 0, transposeB = (index & 2) != 0;
                    (float alpha, float beta) = (index % 3) switch { 0 => (1f, 0f), 1 => (1f, 1f), _ => (-2f, 0.5f) };
                    int pad = index++ % 3;
                    GemmTests.AssertMatchesReference(transposeA, transposeB, m, n, k, alpha, beta, pad, pad + 1, pad, index, threads);
                }
            }
        });
    }

    [Fact]
    public void Multiply_ParallelEveryTransposition_MatchesReference()
    {
        Tiers.ForEach(tier =>
        {
            foreach (bool transposeA in new[] { false, true })
            {
                foreach (bool transposeB in new[] { false, true })
                {
                    GemmTests.AssertMatchesReference(transposeA, transposeB, 70, 200, 90, 1, 0, 1, 0, 2, 7, 2);
                    GemmTests.AssertMatchesReference(transposeA, transposeB, 250, 37, 80, 0.5f, 1, 0, 2, 1, 8, 2);
                }
            }
        });
    }

    [Theory]
    [InlineData(1024, 1024, 1024, 12, 32, 2, true, 512, 2)] // square: columns, two halves
    [InlineData(32, 256, 784, 12, 32, 2, true, 128, 2)] // batch 32 forward: columns
    [InlineData(1024, 256, 784, 12, 32, 2, false, 516, 2)] // batch 1024: rows, 43 tiles of 12 → 22 + 21
    [InlineData(1000, 40, 30, 6, 16, 4, false, 252, 4)] // 167 tiles → 42+42+42+41
    [InlineData(40, 40, 30, 12, 32, 4, true, 40, 1)] // too small to share
    [InlineData(64, 40, 1000, 12, 32, 8, false, 12, 6)] // 6 tiles of rows: 6 blocks, not 8
    public void Split_CutsWholeTilesEvenly(int m, int n, int k, int mr, int nr, int threads, bool byColumns, int chunk, int parts)
    {
        Assert.Equal((byColumns, chunk, parts), GemmParallel.Split(m, n, k, mr, nr, threads));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Multiply_DegreeOfParallelismBelowOne_ThrowsNamingIt(int threads)
    {
        float[] a = new float[6], b = new float[6], c = new float[4];
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(
            () => Gemm.Multiply(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2, threads));
        Assert.Equal("degreeOfParallelism", e.ParamName);
    }

    [Fact]
    public async Task Multiply_TwoParallelCallersAtOnce_EachGetsItsOwnAnswer()
    {
        (bool, bool, int, int, int)[] jobs = [(false, true, 64, 300, 200), (true, false, 300, 70, 90), (false, false, 5, 900, 300)];
        using var start = new Barrier(jobs.Length);
        Task[] tasks = jobs.Select((job, t) => Task.Factory.StartNew(
            () =>
            {
                (bool ta, bool tb, int m, int n, int k) = job;
                start.SignalAndWait();
                for (int round = 0; round < 8; round++)
                {
                    GemmTests.AssertMatchesReference(ta, tb, m, n, k, 1, round % 2 == 0 ? 0 : 1, 1, 2, 3, (t * 10) + round, 2);
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(tasks);
    }

    [Fact]
    public void Multiply_ParallelAfterWarmUp_AllocatesNothing()
    {
        Tiers.ForEach(tier =>
        {
            foreach ((bool ta, bool tb, int m, int n, int k) in new[] { (false, true, 64, 256, 300), (true, false, 300, 50, 60), (false, true, 1, 1024, 1024), (false, false, 500, 1, 2000) })
            {
                float[] a = GemmTests.Random(m * k, 1), b = GemmTests.Random(k * n, 2), c = new float[m * n];
                // The caller's thread and the pool's threads, each counted on its own (other tests allocate meanwhile).
                Allocations.AssertNone(
                    () => Gemm.Multiply(ta, tb, m, n, k, 1, a, ta ? m : k, b, tb ? k : n, 0.5f, c, n, 2),
                    $"{m}×{n}×{k} on 2 threads",
                    SimdBackprop.Kernels.Threading.WorkerPool.AllocatedBytes);
            }
        });
    }
}
