namespace SimdBackprop.Kernels.MatrixProducts;

/// <summary>
/// Every block size and path threshold of the GEMM for one micro-kernel (one tier), derived from the
/// core's caches (<see cref="CacheSizes.Current"/>) the way BLIS's per-architecture context does it. Each
/// rule states its arithmetic for the Zen 5 (48 KiB L1d, 1 MiB L2, 32 MiB L3) and the Zen 3 (32 KiB L1d,
/// 512 KiB L2) profiles. The thresholds that do not depend on the caches are constants here too, so no
/// other file of the GEMM holds a tuning number. Measurements behind each rule: perf/results.md.
/// </summary>
internal sealed class GemmBlocking
{
    /// <summary>
    /// Up to this many rows of C are computed row by row (in pairs) as matrix-vector products straight from
    /// A and B: packing B would cost as much as the product, and a 12-row tile would be mostly padding.
    /// </summary>
    public const int SmallRows = 8;

    /// <summary>
    /// With B stored transposed (x·Wᵀ), up to this many columns of C are dot products of each row of A with
    /// the few rows of W (which stay in L1) rather than a 32-column tile that would be mostly padding.
    /// </summary>
    public const int SmallDotColumns = 16;

    /// <summary>m·n·k at or below which packing is not worth it whatever the shape.</summary>
    public const long SmallVolume = 16 * 16 * 16;

    /// <summary>Up to this many rows of C a non-transposed B is read in place: few tiles share each panel, so packing it is overhead.</summary>
    public const int FewRowsReadBInPlace = 48;

    /// <summary>The smallest page size (x64 and Arm64): rows a page or more apart each need their own TLB entry.</summary>
    public const int PageBytes = 4096;

    /// <summary>Samples at most (in panels of NR) for which the forward x·Wᵀ reads W in place, re-reading it from L2 per panel.</summary>
    public const int WeightsInPlaceMaxPanels = 8;

    /// <summary>The batch must fill at least 15/16 of its NR-lane panels for W to be read in place (idle lanes cost more than packing saves).</summary>
    public const int WeightsInPlaceFillSixteenths = 15;

    /// <summary>The KC cap of the 32-register tiles: KC 256, 384, 392, 400 and 512 all measured slower than 1024 on Zen 5.</summary>
    private const int WideMaxKC = 1024;

    /// <summary>The KC cap of the 16-register tiles (AVX2, SSE, scalar).</summary>
    private const int NarrowMaxKC = 512;

    /// <summary>The NC cap: 4096 columns of B per block.</summary>
    private const int MaxNC = 4096;

    /// <summary>Bytes per k step of the widest B micro-panel (32 floats), the unit of <see cref="InPlaceMaxDepth"/>.</summary>
    private const int WidestPanelRowBytes = 32 * sizeof(float);

    private GemmBlocking(int mr, int nr, int kc, int mc, CacheSizes caches, MisalignedBRule misalignedB, int misalignedMaxRows)
    {
        MR = mr;
        NR = nr;
        KC = kc;
        MC = mc;
        L2Bytes = caches.L2;
        Caches = caches;

        // NC: the packed KC×NC block of B fills at most half of L3 (Zen 5/3: 16 MiB / (1024·4 B) = 4096 columns),
        // a multiple of NR, at most 4096; a core without L3 keeps one L2's worth.
        long l3Half = caches.L3 > 0 ? caches.L3 / 2 : caches.L2;
        NC = (int)Math.Clamp(l3Half / ((long)kc * sizeof(float)) / nr * nr, nr, MaxNC);

        // B read in place up to this depth: a 32-float B row per k step, the panel within two thirds of L1d
        // (Zen 5: 32 KiB / 128 B = 256 steps; Zen 3: 21 KiB → 128), a multiple of 64.
        InPlaceMaxDepth = (int)Math.Max(64, caches.L1Data * 2 / 3 / WidestPanelRowBytes / 64 * 64);
        this.misalignedB = misalignedB;
        this.misalignedMaxRows = misalignedMaxRows;
    }

    /// <summary>How a B whose rows are off a 64-byte line is treated beyond <see cref="FewRowsReadBInPlace"/> rows.</summary>
    public enum MisalignedBRule
    {
        /// <summary>Always packed.</summary>
        Pack,

        /// <summary>In place when the panel is shallow (kc ≤ <see cref="InPlaceMaxDepth"/>) or few tiles share it (m ≤ the row limit).</summary>
        ShallowOrFewRows,

        /// <summary>In place only when the panel is shallow and few tiles share it.</summary>
        ShallowAndFewRows,
    }

    private readonly MisalignedBRule misalignedB;
    private readonly int misalignedMaxRows;

    /// <summary>Rows of the register tile.</summary>
    public int MR { get; }

    /// <summary>Columns of the register tile.</summary>
    public int NR { get; }

    /// <summary>Depth of a packed block (the k extent of a micro-panel).</summary>
    public int KC { get; }

    /// <summary>Rows of a packed block of A; a multiple of MR.</summary>
    public int MC { get; }

    /// <summary>Columns of a packed block of B; a multiple of NR.</summary>
    public int NC { get; }

    /// <summary>L2 per core: an operand up to this size stays there between calls (streaming and in-place rules).</summary>
    public long L2Bytes { get; }

    /// <summary>The deepest B panel read in place by every row block (see the constructor for the arithmetic).</summary>
    public int InPlaceMaxDepth { get; }

    /// <summary>The caches the sizes were derived from.</summary>
    public CacheSizes Caches { get; }

    /// <summary>
    /// The 32-register tiles (AVX-512 hardware at 512 or 256 bits), whose B micro-panel rows are 32 floats.
    /// KC: the A micro-panel KC×MR fills L1d (Zen 5, MR 12: 48 KiB / 48 B = 1024), capped at 1024, a multiple of
    /// 64; the 128 KiB B micro-panel is re-read from L2 at 128 B per k step, far below L2 bandwidth, and C is
    /// read and written once per 1024 steps. MC: the A block MC×KC fills 15/16 of L2 (Zen 5: 960 KiB / 4 KiB =
    /// 240 rows), streamed through it one micro-panel at a time.
    /// </summary>
    public static GemmBlocking ThirtyTwoRegisters(int mr, int nr, CacheSizes caches, MisalignedBRule misalignedB, int misalignedMaxRows)
    {
        int kc = (int)Math.Clamp(caches.L1Data / (mr * sizeof(float)) / 64 * 64, 64, WideMaxKC);
        int mc = RowsOf(caches.L2 * 15 / 16, kc, mr);
        return new GemmBlocking(mr, nr, kc, mc, caches, misalignedB, misalignedMaxRows);
    }

    /// <summary>
    /// The 16-register tiles (AVX2 6×16, SSE 6×8, scalar 4×4), BLIS's classic rule. KC: the B micro-panel
    /// KC×NR fills half of L1d (Zen 5, NR 16: 24 KiB / 64 B = 384), capped at 512, a multiple of 64; MC: the A
    /// block fills half of L2 (Zen 5: 512 KiB / (384·4 B) = 341 → 336 rows, a multiple of MR), the other half
    /// holding the B micro-panel and the lines of C.
    /// </summary>
    public static GemmBlocking SixteenRegisters(int mr, int nr, CacheSizes caches)
    {
        int kc = (int)Math.Clamp(caches.L1Data / 2 / (nr * sizeof(float)) / 64 * 64, 64, NarrowMaxKC);
        int mc = RowsOf(caches.L2 / 2, kc, mr);
        return new GemmBlocking(mr, nr, kc, mc, caches, MisalignedBRule.Pack, 0);
    }

    /// <summary>
    /// Whether B, its rows off a 64-byte line, is still better read in place than packed: every k step then
    /// loads rows that straddle two lines. m rows of C share each panel, kc rows deep.
    /// </summary>
    public bool ReadsMisalignedBInPlace(int m, int kc) => misalignedB switch
    {
        MisalignedBRule.ShallowOrFewRows => kc <= InPlaceMaxDepth || m <= misalignedMaxRows,
        MisalignedBRule.ShallowAndFewRows => kc <= InPlaceMaxDepth && m <= misalignedMaxRows,
        _ => false,
    };

    /// <summary>The rows of a kc-deep float block that fit in <paramref name="bytes"/>, a multiple of mr (at least mr).</summary>
    private static int RowsOf(long bytes, int kc, int mr) =>
        (int)Math.Max(mr, bytes / ((long)kc * sizeof(float)) / mr * mr);
}
