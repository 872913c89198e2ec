using System.Runtime.CompilerServices;
using FsCheck;
using FsCheck.Fluent;
using SimdBackprop.Tests.Reference;
using SimdBackprop.Validation;

namespace SimdBackprop.Tests;

/// <summary>
/// Gemm.Multiply against the double reference at every tier: every transposition, shapes straddling every
/// tile and block edge of every micro-kernel, α/β cases, padded leading dimensions whose padding must stay
/// untouched, bad arguments, allocation and threads.
/// </summary>
public class GemmTests
{
    private const float Sentinel = 12345.5f; // in C's padding and past its end: must survive every call

    private static readonly (float Alpha, float Beta)[] AlphaBeta = [(1, 0), (1, 1), (-2, 0.5f)];

    // Rows of the register tile (MR) and blocks (MC), columns (NR), depths (KC) of the micro-kernels:
    // 12×32 (512-bit, KC 1024, MC 240), 6×32 (256-bit on AVX-512 hardware, KC 1024, MC 240), 6×16 (256-bit
    // on AVX2 hardware, KC 384, MC 336), 6×8 (128-bit, KC 512, MC 252),
    // 4×4 (scalar, KC 512, MC 256). The packed/small threshold is m ≤ 8 or m·n·k ≤ 16³ or (Bᵀ and n ≤ 16)
    // or (B, not Aᵀ, and n ≤ 16: B is transposed into scratch); m ≤ MC (or ≤ 2·MC when B's KC×NC block is over
    // half of L2) packs one B micro-panel at a time;
    // rows 2 … 4 go in pairs (4 rows of W per dot step, strips of 4 vectors of C per axpy step).
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (0, 5, 5), (5, 0, 5), (5, 5, 0), (0, 0, 0), (1, 1, 1),
        (1, 37, 19), (1, 256, 784), (1, 784, 256), (1, 10, 128), (1, 130, 3),
        (37, 1, 19), (300, 1, 37), (2, 1, 70),
        (19, 37, 1), (300, 37, 1), (3, 130, 1),
        (2, 3, 4), (3, 40, 17), (4, 33, 17), (2, 200, 33), (3, 70, 9), (4, 129, 40), (8, 40, 33), (9, 40, 33), (7, 70, 20), (40, 16, 30), (40, 17, 30), (70, 10, 129), (5, 33, 17), (16, 16, 16), (16, 16, 17), (8, 8, 64), (8, 8, 65),
        (3, 5, 7), (6, 16, 12), (7, 17, 12), (12, 8, 5), (13, 31, 9), (14, 32, 8), (15, 33, 10),
        (28, 64, 16), (29, 65, 17), (42, 48, 30), (43, 97, 21),
        (15, 33, 255), (15, 33, 256), (15, 33, 257), (7, 17, 383), (7, 17, 384), (7, 17, 385),
        (7, 9, 511), (7, 9, 512), (7, 9, 513), (9, 7, 1030), (11, 31, 12), (12, 32, 12), (13, 33, 12), (24, 64, 9), (25, 65, 9),
        (239, 9, 5), (241, 9, 5), (251, 9, 5), (253, 17, 9), (257, 17, 9), (337, 17, 9), (505, 35, 9), (1009, 5, 7),
        (6, 4100, 3), (100, 16, 300), (100, 17, 300), (241, 15, 520), (9, 16, 1030),

        // B read in place (not packed) for m ≤ 48: 512-bit 12-row tiles + one 8- or 4-row tile, 256-bit 6-row tiles +
        // one 4- or 2-row tile; leftover rows in 8×32 / 4×32 (512-bit) and 4×32 / 2×32 (256-bit) tiles; KC 1024 (k
        // straddling it).
        (20, 33, 70), (32, 100, 1100), (36, 31, 1024), (44, 70, 40), (48, 65, 1025), (49, 40, 30), (28, 45, 1023),

        // B read in place with leftover rows no strided kernel has (512-bit: not 12, 8, 4; 256-bit: not 6, 4, 2): the
        // MR-row strided tile into the edge scratch, then only the rows that exist (a 10-class output layer's δᵀ·X).
        (10, 128, 64), (22, 300, 100), (13, 64, 40), (47, 96, 33), (130, 64, 40),

        // The last column panel written with masked stores (512-bit and 256-bit on AVX-512 hardware): exactly
        // half a panel (16 columns), a little more (24) and just under a whole one (31), in and out of the
        // small-batch in-place path, and the 784-wide layer (24 panels + 16 columns).
        (36, 48, 20), (24, 56, 33), (60, 63, 9), (25, 784, 17), (96, 784, 40),

        // x·Wᵀ with W read in place (AVX-512VL): one 32-sample panel (m 30 … 32) or more (m 60 … 64, W ≤ 1 MiB);
        // W rows in tiles of MR then 8/4/2/1 (n − 12·⌊n/12⌋ = 11, 5, 3, 2, 1 …); k across KC (1024).
        (32, 37, 50), (31, 23, 1030), (30, 47, 9), (32, 59, 33), (64, 29, 70), (61, 18, 1025), (62, 131, 40),
        // … and up to eight panels while W fits in L2 (m 96, 190 = 6 panels with k across KC, 250 = 8 panels).
        (96, 37, 50), (190, 45, 1030), (250, 131, 40),

        // B read in place by several row blocks (m > MC, k ≤ 256), and by one row block deeper than 256 (m ≤ MC, rows
        // of B less than a page apart), k straddling KC; packed again when m > MC and k > 256.
        (264, 70, 40), (500, 45, 33), (264, 64, 300), (130, 70, 1030), (230, 40, 600),

        // One row block of up to 2·MC rows (301 = 25·12 + 1) when B's packed block exceeds half of L2 (290·460 floats).
        (301, 290, 460),

        // Batch 1 with W larger than L2 (1 MiB): δ·W streams W row by row into a β-scaled y (k, n not multiples of 4, 16).
        (1, 517, 509), (513, 1, 530),

        // Batch-1 δ·W in 16-vector strips at 512 bits (256 columns) then 8-vector strips, single vectors and columns:
        // n just under, at and over one and two strips, a strip + half a strip, and every tail at once; rows in pairs.
        (1, 255, 40), (1, 257, 33), (1, 384, 20), (1, 529, 7), (1, 512, 3), (2, 300, 20), (3, 257, 9),
    ];

    [Fact]
    public void Multiply_AllTranspositionsShapesAndScales_MatchReference()
    {
        Tiers.ForEach(tier =>
        {
            int index = 0;
            foreach ((int m, int n, int k) in Shapes)
            {
                foreach (bool transposeA in new[] { false, true })
                {
                    foreach (bool transposeB in new[] { false, true })
                    {
                        foreach ((float alpha, float beta) in AlphaBeta)
                        {
                            int pad = index++ % 3; // 0, 1 or 2 extra floats per stored row
                            AssertMatchesReference(transposeA, transposeB, m, n, k, alpha, beta, pad, pad + 1, pad == 0 ? 0 : pad + 2, index);
                        }
                    }
                }
            }
        });
    }

    [Fact]
    public void Multiply_BOnAndOffCacheLines_MatchReference()
    {
        // Whether B is read in place or packed depends on its rows starting on a 64-byte line (the caller's array
        // and ldb): row-major B, ldb a multiple of 16, placed on a line and 1 and 4 floats past one, for shapes on
        // both sides of the misaligned rule (m > 192 with k > 256 at 512 bits; m > 256 or k > 256 at 256 bits).
        Tiers.ForEach(tier =>
        {
            int seed = 0;
            foreach ((int m, int n, int k) in new[] { (232, 48, 600), (132, 64, 1030), (264, 64, 200), (300, 32, 200), (60, 48, 300) })
            {
                foreach (bool transposeA in new[] { false, true })
                {
                    foreach (int offset in new[] { 0, 1, 4 })
                    {
                        (float alpha, float beta) = AlphaBeta[seed % AlphaBeta.Length];
                        AssertMatchesReference(transposeA, false, m, n, k, alpha, beta, 0, 0, seed % 3, seed++, bFloatsPastLine: offset);
                    }
                }
            }
        });
    }

    [Fact]
    public void Multiply_RandomShapes_MatchReference()
    {
        Gen<(int M, int N, int K, int Flags, int Pad, int Seed)> cases =
            from m in Gen.Choose(0, 70)
            from n in Gen.Choose(0, 70)
            from k in Gen.Choose(0, 70)
            from flags in Gen.Choose(0, 15)
            from pad in Gen.Choose(0, 3)
            from seed in Gen.Choose(0, 1_000_000)
            select (m, n, k, flags, pad, seed);
        Prop.ForAll(cases.ToArbitrary(), x => Tiers.ForEach(_ =>
        {
            (float alpha, float beta) = (x.Flags >> 2) switch { 0 => (1f, 0f), 1 => (1f, 1f), 2 => (-2f, 0.5f), _ => (0.75f, -1f) };
            AssertMatchesReference((x.Flags & 1) != 0, (x.Flags & 2) != 0, x.M, x.N, x.K, alpha, beta, x.Pad, x.Pad, x.Pad, x.Seed);
        })).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    [Fact]
    public void Multiply_BetaZero_IgnoresNaNAndInfinityInC()
    {
        Tiers.ForEach(tier =>
        {
            foreach ((int m, int n, int k) in new[] { (1, 40, 30), (40, 1, 30), (40, 30, 1), (3, 20, 20), (40, 70, 50), (6, 6, 0) })
            {
                float[] a = Random(m * k, 1), b = Random(k * n, 2);
                foreach (float poison in new[] { float.NaN, float.PositiveInfinity })
                {
                    float[] c = Enumerable.Repeat(poison, m * n).ToArray();
                    Gemm.Multiply(false, false, m, n, k, 1, a, k, b, n, 0, c, n);
                    Assert.All(c, v => Assert.True(float.IsFinite(v), $"{m}×{n}×{k}: {v}"));
                }
            }
        });
    }

    [Fact]
    public void Multiply_NaNInA_PropagatesToItsRowOnly()
    {
        Tiers.ForEach(tier =>
        {
            foreach ((int m, int n, int k) in new[] { (1, 40, 30), (40, 1, 30), (40, 30, 1), (3, 20, 20), (40, 70, 50), (30, 100, 600) })
            {
                float[] a = Random(m * k, 1), b = Random(k * n, 2), c = new float[m * n];
                int row = m / 2;
                a[(row * k) + (k / 2)] = float.NaN;
                Gemm.Multiply(false, true, m, n, k, 1, a, k, b, k, 0, c, n);
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        Assert.True(float.IsNaN(c[(i * n) + j]) == (i == row), $"{m}×{n}×{k}: C[{i},{j}] = {c[(i * n) + j]}");
                    }
                }
            }
        });
    }

    [Fact]
    public void Multiply_KZero_ScalesC()
    {
        Tiers.ForEach(tier =>
        {
            float[] c = [1, 2, Sentinel, 3, 4, Sentinel];
            Gemm.Multiply(false, true, 2, 2, 0, 5, [], 0, [], 0, 0.5f, c, 3);
            Assert.Equal([0.5f, 1, Sentinel, 1.5f, 2, Sentinel], c);
            float[] nan = [float.NaN, float.NaN];
            Gemm.Multiply(true, false, 1, 2, 0, 1, [], 1, [], 2, 0, nan, 2);
            Assert.Equal([0f, 0f], nan);
        });
    }

    // Case name → (the parameter the exception must name, the bad call). A: 2×3, B: 3×2, C: 2×2 unless noted.
    private static readonly Dictionary<string, (string ParamName, Action Call)> BadCalls = CreateBadCalls();

    public static TheoryData<string> BadArguments() => new(BadCalls.Keys);

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Multiply_BadArgument_ThrowsNamingIt(string badCase)
    {
        (string paramName, Action call) = BadCalls[badCase];
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(paramName, e.ParamName);
    }

    private static Dictionary<string, (string, Action)> CreateBadCalls()
    {
        float[] a = new float[6], b = new float[6], c = new float[6];
        float[] shared = new float[100];
        return new Dictionary<string, (string, Action)>
        {
            ["m negative"] = ("m", () => Gemm.Multiply(false, false, -1, 2, 3, 1, a, 3, b, 2, 0, c, 2)),
            ["n negative"] = ("n", () => Gemm.Multiply(false, false, 2, -1, 3, 1, a, 3, b, 2, 0, c, 2)),
            ["k negative"] = ("k", () => Gemm.Multiply(false, false, 2, 2, -1, 1, a, 3, b, 2, 0, c, 2)),
            ["lda < k (A m×k)"] = ("lda", () => Gemm.Multiply(false, false, 2, 2, 3, 1, a, 2, b, 2, 0, c, 2)),
            ["lda < m (A stored k×m)"] = ("lda", () => Gemm.Multiply(true, false, 2, 2, 3, 1, a, 1, b, 2, 0, c, 2)),
            ["ldb < n (B k×n)"] = ("ldb", () => Gemm.Multiply(false, false, 2, 2, 3, 1, a, 3, b, 1, 0, c, 2)),
            ["ldb < k (B stored n×k)"] = ("ldb", () => Gemm.Multiply(false, true, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2)),
            ["ldc < n"] = ("ldc", () => Gemm.Multiply(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 1)),
            ["a too short"] = ("a", () => Gemm.Multiply(false, false, 2, 2, 3, 1, a.AsSpan(0, 5), 3, b, 2, 0, c, 2)),
            ["a too short for its ld (transposed)"] = ("a", () => Gemm.Multiply(true, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2)),
            ["b too short"] = ("b", () => Gemm.Multiply(false, false, 2, 2, 3, 1, a, 3, b.AsSpan(0, 5), 2, 0, c, 2)),
            ["b too short for its ld (transposed)"] = ("b", () => Gemm.Multiply(false, true, 2, 2, 3, 1, a, 3, b, 4, 0, c, 2)),
            ["c too short"] = ("c", () => Gemm.Multiply(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c.AsSpan(0, 3), 2)),
            ["c too short for its ld"] = ("c", () => Gemm.Multiply(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 5)),
            ["c overlaps a"] = ("c", () => Gemm.Multiply(false, false, 2, 2, 3, 1, shared.AsSpan(0, 6), 3, shared.AsSpan(50, 6), 2, 0, shared.AsSpan(4, 4), 2)),
            ["c overlaps b"] = ("c", () => Gemm.Multiply(false, false, 2, 2, 3, 1, shared.AsSpan(0, 6), 3, shared.AsSpan(50, 6), 2, 0, shared.AsSpan(54, 4), 2)),
        };
    }

    [Fact]
    public void Multiply_CSpanLongerThanItsWindow_MayShareItsUnusedTail()
    {
        // One buffer carved up: C's 2×2 window is shared[0..4], but the span passed for C runs on over A.
        float[] shared = new float[20];
        shared.AsSpan(10, 6).Fill(1); // A: 2×3 of ones
        float[] b = [1, 2, 3, 4, 5, 6]; // B: 3×2
        Gemm.Multiply(false, false, 2, 2, 3, 1, shared.AsSpan(10, 6), 3, b, 2, 0, shared.AsSpan(0, 16), 2);
        Assert.Equal([9f, 12f, 9f, 12f], shared[..4]);
    }

    [Fact]
    public void Multiply_AfterWarmUp_AllocatesNothing()
    {
        Tiers.ForEach(tier =>
        {
            foreach ((bool ta, bool tb, int m, int n, int k) in new[] { (false, true, 64, 96, 300), (false, true, 32, 90, 70), (false, false, 264, 70, 40), (false, false, 32, 784, 256), (true, false, 40, 50, 30), (false, true, 1, 256, 784), (false, false, 1, 784, 256), (true, false, 256, 20, 1), (false, false, 50, 1, 40), (true, true, 3, 30, 30) })
            {
                float[] a = Random(m * k, 1), b = Random(k * n, 2), c = new float[m * n];
                Allocations.AssertNone(() => Gemm.Multiply(ta, tb, m, n, k, 1, a, ta ? m : k, b, tb ? k : n, 0.5f, c, n), $"{m}×{n}×{k} ta={ta} tb={tb}");
            }
        });
    }

    [Fact]
    public async Task Multiply_ManyThreadsAtOnce_EachGetsItsOwnAnswer()
    {
        (bool, bool, int, int, int)[] jobs = [(false, true, 70, 90, 300), (true, false, 130, 40, 60), (false, false, 1, 300, 200), (true, true, 33, 65, 513)];
        using var start = new Barrier(jobs.Length);
        Task[] tasks = jobs.Select((job, t) => Task.Factory.StartNew(
            () =>
            {
                (bool ta, bool tb, int m, int n, int k) = job;
                start.SignalAndWait();
                for (int round = 0; round < 5; round++)
                {
                    AssertMatchesReference(ta, tb, m, n, k, 1, round % 2 == 0 ? 0 : 1, 1, 2, 3, (t * 10) + round);
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(tasks);
    }

    /// <summary>Runs one product on padded operands and checks C's window against the reference and its padding against the sentinel.</summary>
    internal static void AssertMatchesReference(
        bool transposeA, bool transposeB, int m, int n, int k, float alpha, float beta, int padA, int padB, int padC, int seed,
        int degreeOfParallelism = 0, int? bFloatsPastLine = null)
    {
        int aRows = transposeA ? k : m, aCols = transposeA ? m : k;
        int bRows = transposeB ? n : k, bCols = transposeB ? k : n;
        int lda = aCols + padA, ldb = bCols + padB, ldc = n + padC;
        float[] a = Random(Math.Max(1, aRows * lda), seed);
        float[] b = Random(Math.Max(1, bRows * ldb), seed + 1);
        ReadOnlySpan<float> bStored = bFloatsPastLine is int offset ? PlacedPastLine(b, offset) : b;
        float[] c = Enumerable.Repeat(Sentinel, (m * ldc) + 5).ToArray(); // 5 sentinels past the end
        float[] initial = Random(m * n, seed + 2);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                c[(i * ldc) + j] = beta == 0 ? float.NaN : initial[(i * n) + j];
            }
        }

        (double[] value, double[] magnitude) = ReferenceGemm.Multiply(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        if (degreeOfParallelism == 0)
        {
            Gemm.Multiply(transposeA, transposeB, m, n, k, alpha, a, lda, bStored, ldb, beta, c, ldc);
        }
        else
        {
            Gemm.Multiply(transposeA, transposeB, m, n, k, alpha, a, lda, bStored, ldb, beta, c, ldc, degreeOfParallelism);
        }

        string Case() => $"tA={transposeA} tB={transposeB} m={m} n={n} k={k} α={alpha} β={beta} ld=({lda},{ldb},{ldc}) tier={Simd.Tier} dop={degreeOfParallelism}";
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                float actual = c[(i * ldc) + j];
                if (j >= n)
                {
                    if (actual != Sentinel)
                    {
                        Assert.Fail($"padding C[{i},{j}] changed to {actual}: {Case()}");
                    }

                    continue;
                }

                // Each of the k products and sums rounds once in float (error ≤ k·2⁻²⁴·Σ|a·b|), scaled by 8 for
                // α, β and the different summation orders of the tiers; the tiny absolute term covers zeros.
                double expected = value[(i * n) + j];
                double tolerance = (8.0 * (k + 2) * Math.Pow(2, -24) * magnitude[(i * n) + j]) + 1e-30;
                if (!(Math.Abs(actual - expected) <= tolerance))
                {
                    Assert.Fail($"C[{i},{j}] = {actual}, expected {expected} ± {tolerance}: {Case()}");
                }
            }
        }

        for (int i = m * ldc; i < c.Length; i++)
        {
            if (c[i] != Sentinel)
            {
                Assert.Fail($"past the end C[{i}] changed: {Case()}");
            }
        }
    }

    /// <summary>A copy of <paramref name="values"/> starting <paramref name="floats"/> floats past a 64-byte line (pinned, so it stays there).</summary>
    private static ReadOnlySpan<float> PlacedPastLine(float[] values, int floats)
    {
        float[] holder = GC.AllocateUninitializedArray<float>(values.Length + 32, pinned: true);
        int toLine;
        unsafe
        {
            toLine = (int)((64 - ((nuint)Unsafe.AsPointer(ref holder[0]) & 63)) & 63) / sizeof(float);
        }

        values.CopyTo(holder, toLine + floats);
        return holder.AsSpan(toLine + floats, values.Length);
    }

    internal static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var data = new float[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return data;
    }
}
