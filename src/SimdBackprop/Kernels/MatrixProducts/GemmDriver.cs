using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SimdBackprop.Kernels.MatrixProducts.MicroKernels;

namespace SimdBackprop.Kernels.MatrixProducts;

/// <summary>
/// The GEMM behind <c>Gemm.Multiply</c>: picks the SIMD width, sends small shapes to
/// <see cref="GemmSmall"/> and everything else through BLIS's five loops around a register-blocked
/// micro-kernel. Arguments arrive validated; nothing here checks lengths again.
/// </summary>
internal static class GemmDriver
{
    /// <summary>
    /// The JIT may use 32 vector registers (AVX-512's EVEX encodings) even for 256-bit code: true under
    /// <c>PreferredVectorBitWidth=256</c> on AVX-512 hardware, false on an AVX2 machine (or
    /// <c>EnableAVX512=0</c>). The 256-bit tier then runs the 6×32 tile instead of 6×16. A plain static
    /// (one load per call) rather than a JIT constant so a benchmark can compare the two tiles in one process.
    /// </summary>
    internal static bool WideRegisterFile = Avx512F.VL.IsSupported;

    public static void Run(
        bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Run(
            Simd.Tier, transposeA, transposeB, m, n, k, alpha, ref MemoryMarshal.GetReference(a), lda,
            ref MemoryMarshal.GetReference(b), ldb, beta, ref MemoryMarshal.GetReference(c), ldc);
    }

    /// <summary>
    /// The product at an explicit tier: the caller's (<see cref="Simd.Tier"/> honours a per-thread cap), so
    /// a pool thread running part of a parallel product uses the same kernels as the thread that asked.
    /// </summary>
    internal static void Run(
        SimdTier tier, bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ref float aRef, int lda, ref float bRef, int ldb, float beta, ref float cRef, int ldc)
    {
        // IsHardwareAccelerated is a JIT constant, so unreachable widths are not even compiled; the tier
        // (which honours the test/benchmark caps) picks among the rest.
        if (Vector512.IsHardwareAccelerated && tier >= SimdTier.Vector512)
        {
            Run<GemmMicroKernel.V512, Vector512<float>>(transposeA, transposeB, m, n, k, alpha, ref aRef, lda, ref bRef, ldb, beta, ref cRef, ldc);
        }
        else if (Vector256.IsHardwareAccelerated && tier >= SimdTier.Vector256 && WideRegisterFile)
        {
            Run<GemmMicroKernel.V256Avx512, Vector256<float>>(transposeA, transposeB, m, n, k, alpha, ref aRef, lda, ref bRef, ldb, beta, ref cRef, ldc);
        }
        else if (Vector256.IsHardwareAccelerated && tier >= SimdTier.Vector256)
        {
            Run<GemmMicroKernel.V256, Vector256<float>>(transposeA, transposeB, m, n, k, alpha, ref aRef, lda, ref bRef, ldb, beta, ref cRef, ldc);
        }
        else if (Vector128.IsHardwareAccelerated && tier >= SimdTier.Vector128)
        {
            Run<GemmMicroKernel.V128, Vector128<float>>(transposeA, transposeB, m, n, k, alpha, ref aRef, lda, ref bRef, ldb, beta, ref cRef, ldc);
        }
        else
        {
            Run<GemmMicroKernel.Scalar, float>(transposeA, transposeB, m, n, k, alpha, ref aRef, lda, ref bRef, ldb, beta, ref cRef, ldc);
        }
    }

    /// <summary>The register tile (MR×NR) <see cref="Run(SimdTier, bool, bool, int, int, int, float, ref float, int, ref float, int, float, ref float, int)"/> uses at this tier: parallel splits fall on its edges.</summary>
    internal static (int MR, int NR) Tile(SimdTier tier)
    {
        if (Vector512.IsHardwareAccelerated && tier >= SimdTier.Vector512)
        {
            return (GemmMicroKernel.V512.MR, GemmMicroKernel.V512.NR);
        }
        else if (Vector256.IsHardwareAccelerated && tier >= SimdTier.Vector256 && WideRegisterFile)
        {
            return (GemmMicroKernel.V256Avx512.MR, GemmMicroKernel.V256Avx512.NR);
        }
        else if (Vector256.IsHardwareAccelerated && tier >= SimdTier.Vector256)
        {
            return (GemmMicroKernel.V256.MR, GemmMicroKernel.V256.NR);
        }
        else if (Vector128.IsHardwareAccelerated && tier >= SimdTier.Vector128)
        {
            return (GemmMicroKernel.V128.MR, GemmMicroKernel.V128.NR);
        }

        return (GemmMicroKernel.Scalar.MR, GemmMicroKernel.Scalar.NR);
    }

    // Run and Macro skip tiering (AggressiveOptimization): under Dynamic PGO the two-thread training step ran
    // 1.55× faster than one thread, without it 1.7× (Zen 5 guest, 784-256-128-10 at batch 256).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TK, TV>(
        bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ref float a, int lda, ref float b, int ldb, float beta, ref float c, int ldc)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            ScaleC(m, n, beta, ref c, (nuint)ldc);
        }
        else if (k == 1)
        {
            // Rank-1 update: column 0 of op(A) times row 0 of op(B).
            ref float v = ref b;
            if (transposeB && n > 1 && ldb != 1)
            {
                v = ref GemmWorkspace.Get(n); // n: op(B)'s single row, made contiguous
                GemmSmall.Gather(ref b, (nuint)ldb, (nuint)n, ref v);
            }

            GemmSmall.Rank1<TK, TV>(ref a, transposeA ? 1 : (nuint)lda, (nuint)m, ref v, (nuint)n, alpha, beta, ref c, (nuint)ldc);
        }
        else if (n == 1)
        {
            SingleColumn<TK, TV>(transposeA, transposeB, m, k, alpha, ref a, lda, ref b, ldb, beta, ref c, ldc);
        }
        else if (m <= GemmBlocking.SmallRows || (long)m * n * k <= GemmBlocking.SmallVolume || (transposeB && n <= GemmBlocking.SmallDotColumns))
        {
            long kRounded = GemmWorkspace.RoundUp(k);
            ref float scratch = ref GemmWorkspace.Get(2 * kRounded); // 2 × k: rows i, i+1 of op(A) when A is stored transposed
            RowByRow<TK, TV>(transposeA, transposeB, m, n, k, alpha, ref a, lda, ref b, ldb, beta, ref c, ldc, ref scratch);
        }
        else if (GemmWeightsInPlace.Applies<TK, TV>(transposeB, m, n, k))
        {
            GemmWeightsInPlace.Run<TK, TV>(transposeA, m, n, k, alpha, ref a, (nuint)lda, ref b, (nuint)ldb, beta, ref c, (nuint)ldc);
        }
        else if (n <= GemmBlocking.SmallDotColumns && !transposeA)
        {
            // A few columns of a B stored k×n: transpose B (n·k copies, against m·n·k multiply-adds) and take
            // the dot-product path of x·Wᵀ, instead of packing NR-wide (32-column) tiles that are mostly padding.
            // Not with A stored transposed: gathering its strided rows costs more than packing saves.
            long kRounded = GemmWorkspace.RoundUp(k);
            ref float bT = ref GemmWorkspace.Get((n + 2) * kRounded); // n × k: op(B) transposed, rows kRounded apart
            ref float scratch = ref Unsafe.Add(ref bT, (nuint)(n * kRounded)); // 2 × k: gathered rows of op(A)
            GemmSmall.TransposeNarrow(ref b, (nuint)ldb, (nuint)k, (nuint)n, ref bT, (nuint)kRounded);
            RowByRow<TK, TV>(transposeA, true, m, n, k, alpha, ref a, lda, ref bT, (int)kRounded, beta, ref c, ldc, ref scratch);
        }
        else
        {
            Packed<TK, TV>(transposeA, transposeB, m, n, k, alpha, ref a, (nuint)lda, ref b, (nuint)ldb, beta, ref c, (nuint)ldc);
        }
    }

    /// <summary>C = β·C (k = 0, an empty sum; also the start of the streaming δ·W); β = 0 writes zeros without reading C.</summary>
    internal static void ScaleC(int m, int n, float beta, ref float c, nuint ldc)
    {
        for (nuint i = 0; i < (nuint)m; i++)
        {
            ref float row = ref Unsafe.Add(ref c, i * ldc);
            for (nuint j = 0; j < (nuint)n; j++)
            {
                Unsafe.Add(ref row, j) = beta == 0 ? 0 : beta * Unsafe.Add(ref row, j);
            }
        }
    }

    /// <summary>
    /// Each row i of C is the matrix-vector product of row i of op(A) with op(B): dot products with the rows
    /// of B when B is stored transposed (x·Wᵀ), a combination of B's rows otherwise (δ·W). m = 1 is batch 1;
    /// for m = 2 … 4, rows go in pairs so B is read once per pair. scratch: 2·RoundUp(k) floats of workspace.
    /// </summary>
    private static void RowByRow<TK, TV>(
        bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ref float a, int lda, ref float b, int ldb, float beta, ref float c, int ldc, ref float scratch)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        long kRounded = GemmWorkspace.RoundUp(k);
        ref float gathered = ref transposeA ? ref scratch : ref a; // 2 × k: rows i, i+1 of op(A), when A is stored transposed
        int i = 0;
        for (; i + 2 <= m; i += 2)
        {
            ref float x0 = ref Row(transposeA, ref a, lda, k, i, ref gathered, 0);
            ref float x1 = ref Row(transposeA, ref a, lda, k, i + 1, ref gathered, (nuint)kRounded);
            ref float y0 = ref Unsafe.Add(ref c, (nuint)i * (nuint)ldc);
            ref float y1 = ref Unsafe.Add(ref y0, (nuint)ldc);
            if (transposeB)
            {
                GemmSmall.DotRowsPair<TK, TV>(ref x0, ref x1, (nuint)k, ref b, (nuint)ldb, (nuint)n, ref y0, ref y1, alpha, beta);
            }
            else
            {
                GemmSmall.AxpyRowsPair<TK, TV>(ref x0, ref x1, (nuint)k, ref b, (nuint)ldb, (nuint)n, ref y0, ref y1, alpha, beta);
            }
        }

        if (i < m)
        {
            ref float x = ref Row(transposeA, ref a, lda, k, i, ref gathered, 0);
            ref float y = ref Unsafe.Add(ref c, (nuint)i * (nuint)ldc);
            if (transposeB)
            {
                GemmSmall.DotRows<TK, TV>(ref x, (nuint)k, ref b, (nuint)ldb, (nuint)n, ref y, 1, alpha, beta);
            }
            else
            {
                GemmSmall.AxpyRows<TK, TV>(ref x, (nuint)k, ref b, (nuint)ldb, (nuint)n, ref y, alpha, beta);
            }
        }
    }

    /// <summary>
    /// Row i of op(A) as k contiguous floats: in place, or gathered into scratch + offset when A is stored
    /// transposed (the offset is applied only then: scratch is A itself otherwise, and a reference past its
    /// end must never be formed).
    /// </summary>
    private static ref float Row(bool transposeA, ref float a, int lda, int k, int i, ref float scratch, nuint offset)
    {
        if (!transposeA)
        {
            return ref Unsafe.Add(ref a, (nuint)i * (nuint)lda);
        }

        ref float row = ref Unsafe.Add(ref scratch, offset);
        GemmSmall.Gather(ref Unsafe.Add(ref a, (nuint)i), (nuint)lda, (nuint)k, ref row);
        return ref row;
    }

    /// <summary>
    /// n = 1: C's single column is op(A)·v with v = op(B)'s single column: the batch-1 kernels with the roles
    /// of A and B swapped (Cᵀ = vᵀ·op(A)ᵀ).
    /// </summary>
    private static void SingleColumn<TK, TV>(
        bool transposeA, bool transposeB, int m, int k, float alpha,
        ref float a, int lda, ref float b, int ldb, float beta, ref float c, int ldc)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        long kRounded = GemmWorkspace.RoundUp(k);
        ref float scratch = ref GemmWorkspace.Get(kRounded + m); // k: v made contiguous | m: the column before scaling into C
        ref float v = ref b;
        if (!transposeB && ldb != 1)
        {
            v = ref scratch;
            GemmSmall.Gather(ref b, (nuint)ldb, (nuint)k, ref v);
        }

        if (!transposeA)
        {
            // Row i of A is contiguous: C[i] = α·(A[i, :]·v) + β·C[i], written straight into the strided column.
            GemmSmall.DotRows<TK, TV>(ref v, (nuint)k, ref a, (nuint)lda, (nuint)m, ref c, (nuint)ldc, alpha, beta);
        }
        else
        {
            // A is stored k×m: the column is vᵀ·A, a combination of A's rows, built contiguous then scattered.
            ref float column = ref Unsafe.Add(ref scratch, (nuint)kRounded);
            GemmSmall.AxpyRows<TK, TV>(ref v, (nuint)k, ref a, (nuint)lda, (nuint)m, ref column, alpha, 0);
            GemmSmall.ScatterColumn(ref column, (nuint)m, beta, ref c, (nuint)ldc);
        }
    }

    /// <summary>
    /// BLIS's five loops. Loop 5 walks column blocks of C and B (NC wide: independent; the parallel overload
    /// splits C one level above this, see <see cref="GemmParallel"/>); loop 4 walks the k dimension in KC slices and packs B's KC×NC block; loop 3
    /// walks row blocks (MC) and packs A's MC×KC block; loops 2 and 1 walk NR-wide and MR-tall tiles, each
    /// one micro-kernel call. The first k slice applies the caller's β, later ones accumulate (β = 1).
    /// </summary>
    private static void Packed<TK, TV>(
        bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ref float a, nuint lda, ref float b, nuint ldb, float beta, ref float c, nuint ldc)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        int mr = TK.MR, nr = TK.NR;

        // Balance the blocks: m = 520 in blocks of at most 504 becomes 2×266 rounded to MR, not 504 + 16.
        int kc = Balanced(k, TK.Blocking.KC, 1);
        int mc = Balanced(m, TK.Blocking.MC, mr);
        int nc = Balanced(n, TK.Blocking.NC, nr);
        if (m <= 2 * TK.Blocking.MC && (long)RoundUp(nc, nr) * kc * sizeof(float) > TK.Blocking.L2Bytes / 2)
        {
            // Up to 2·MC rows in one block when B's packed KC×NC block would not fit in half of L2: B is then
            // packed panel by panel next to its tiles (below) instead of into a block that two row blocks
            // read back from L3; the taller A block streams from L3 well. Not when the B block fits L2, where
            // two row blocks share it from there.
            mc = RoundUp(m, mr);
        }

        long aFloats = GemmWorkspace.RoundUp((long)RoundUp(mc, mr) * kc);
        long bFloats = GemmWorkspace.RoundUp((long)RoundUp(nc, nr) * kc);
        ref float aPacked = ref GemmWorkspace.Get(aFloats + bFloats + (mr * nr)); // ⌈mc/MR⌉ micro-panels kc×MR
        ref float bPacked = ref Unsafe.Add(ref aPacked, (nuint)aFloats); // ⌈nc/NR⌉ micro-panels kc×NR
        ref float edge = ref Unsafe.Add(ref bPacked, (nuint)bFloats); // MR×NR, one edge tile before it is clipped into C

        bool bRowsAligned = RowsLineAligned(ref b, ldb);
        for (int jc = 0; jc < n; jc += nc)
        {
            int ncCur = Math.Min(nc, n - jc);
            for (int pc = 0; pc < k; pc += kc)
            {
                int kcCur = Math.Min(kc, k - pc);
                float betaCur = pc == 0 ? beta : 1;
                bool inPlaceB = ReadBInPlace<TK, TV>(transposeB, m, mc, kcCur, ldb, bRowsAligned);
                if (m <= mc || inPlaceB)
                {
                    // Panel by panel. One row block (a batch of at most MC rows): every B micro-panel serves only
                    // this block's few tiles, so pack each one just before its tiles run. It is then read back
                    // from L1/L2 (64 KiB at 512-bit) instead of being written to a KC×NC block (2 MiB for
                    // 512×1024, L3) and read back from there after the whole block was packed. With B read in
                    // place there is nothing to share between row blocks either.
                    for (int ic = 0; ic < m; ic += mc)
                    {
                        int mcCur = Math.Min(mc, m - ic);
                        GemmPacking.PackA<TK, TV>(transposeA, ref a, lda, ic, pc, mcCur, kcCur, ref aPacked);
                        ref float cBlock = ref Unsafe.Add(ref c, ((nuint)ic * ldc) + (nuint)jc);
                        for (int jr = 0; jr < ncCur; jr += nr)
                        {
                            int cols = Math.Min(nr, ncCur - jr);
                            ref float cPanel = ref Unsafe.Add(ref cBlock, (nuint)jr);
                            if (inPlaceB && cols == nr)
                            {
                                ref float bDirect = ref Unsafe.Add(ref b, ((nuint)pc * ldb) + (nuint)(jc + jr));
                                for (int ir = 0; ir < mcCur; ir += mr)
                                {
                                    int rows = Math.Min(mr, mcCur - ir);
                                    ref float aPanel = ref Unsafe.Add(ref aPacked, (nuint)ir * (nuint)kcCur);
                                    ref float cTile = ref Unsafe.Add(ref cPanel, (nuint)ir * ldc);
                                    if (TK.HasStridedBTile(rows))
                                    {
                                        TK.StridedBTile(rows, (nuint)kcCur, ref aPanel, ref bDirect, ldb, ref cTile, ldc, alpha, betaCur);
                                    }
                                    else
                                    {
                                        // Rows no strided kernel has (10 of a 10-class layer): the MR-row tile on the
                                        // zero-padded panel into scratch, then only the rows that exist.
                                        TK.StridedBTile(mr, (nuint)kcCur, ref aPanel, ref bDirect, ldb, ref edge, (nuint)nr, 1, 0);
                                        WriteEdge<TK, TV>(rows, nr, ref edge, ref cTile, ldc, alpha, betaCur);
                                    }
                                }

                                continue;
                            }

                            GemmPacking.PackB<TK, TV>(transposeB, ref b, ldb, pc, jc + jr, kcCur, cols, ref bPacked);
                            Macro<TK, TV>(mcCur, cols, kcCur, alpha, ref aPacked, ref bPacked, betaCur, ref cPanel, ldc, ref edge);
                        }
                    }

                    continue;
                }

                GemmPacking.PackB<TK, TV>(transposeB, ref b, ldb, pc, jc, kcCur, ncCur, ref bPacked);
                for (int ic = 0; ic < m; ic += mc)
                {
                    int mcCur = Math.Min(mc, m - ic);
                    GemmPacking.PackA<TK, TV>(transposeA, ref a, lda, ic, pc, mcCur, kcCur, ref aPacked);
                    ref float cBlock = ref Unsafe.Add(ref c, ((nuint)ic * ldc) + (nuint)jc);
                    Macro<TK, TV>(mcCur, ncCur, kcCur, alpha, ref aPacked, ref bPacked, betaCur, ref cBlock, ldc, ref edge);
                }
            }
        }
    }

    /// <summary>
    /// Whether the tiles read a row-major op(B) (B not transposed: its rows are already NR-contiguous) in place,
    /// rows ldb apart, instead of packing it — when the full tile has a strided kernel (leftover rows without one
    /// run the full strided tile into the edge scratch) and one of these holds:
    /// <list type="bullet">
    /// <item>few tiles share each panel (m ≤ <see cref="GemmBlocking.FewRowsReadBInPlace"/>): packing would cost
    /// as much as using it;</item>
    /// <item>rows less than a page apart and either kc ≤ <see cref="GemmBlocking.InPlaceMaxDepth"/> (the panel is
    /// read by the row block's tiles from L1 or L2 at a rate far below L2 bandwidth: 24 FMAs per 128-byte row) or
    /// one row block (m ≤ mc: each panel serves only that block, and packing it is pure overhead);</item>
    /// <item>kc ≤ InPlaceMaxDepth and rows ldb apart spread over the L1 sets, even a page or more apart.</item>
    /// </list>
    /// Rows that do not start on a 64-byte line (most caller arrays: .NET aligns array data to 8 bytes only)
    /// straddle lines on every load; beyond FewRowsReadBInPlace rows the blocking decides
    /// (<see cref="GemmBlocking.ReadsMisalignedBInPlace"/>). A page-sized stride (ldb = 1024) puts every row in
    /// its own page and in the same L1 sets: there B stays packed when several row blocks re-read it.
    /// </summary>
    private static bool ReadBInPlace<TK, TV>(bool transposeB, int m, int mc, int kc, nuint ldb, bool rowsAligned)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        // Full tiles need a strided kernel; leftover rows without one go through the scratch tile.
        if (transposeB || !TK.HasStridedBTile(TK.MR))
        {
            return false;
        }

        if (m > GemmBlocking.FewRowsReadBInPlace && !rowsAligned && !TK.Blocking.ReadsMisalignedBInPlace(m, kc))
        {
            return false;
        }

        int depth = TK.Blocking.InPlaceMaxDepth;
        return m <= GemmBlocking.FewRowsReadBInPlace
            || (ldb * sizeof(float) < GemmBlocking.PageBytes && (kc <= depth || m <= mc))
            || (kc <= depth && SpreadsOverL1Sets(ldb));
    }

    /// <summary>Every row of a matrix at <paramref name="first"/>, rows ld floats apart, starts on a 64-byte cache line.</summary>
    private static unsafe bool RowsLineAligned(ref float first, nuint ld) =>
        ((nuint)Unsafe.AsPointer(ref first) & 63) == 0 && (ld * sizeof(float)) % 64 == 0;

    /// <summary>
    /// Rows ld floats apart fall in at least 16 of the 64 sets of a 64-byte-line L1 (48 KiB, 12-way on Zen 5;
    /// 32 KiB, 8-way on Zen 3): ld·4 bytes is an odd number of lines or near enough.
    /// </summary>
    private static bool SpreadsOverL1Sets(nuint ld)
    {
        nuint lines = (ld * sizeof(float)) / 64;
        return BitOperations.TrailingZeroCount(lines | 64) <= 2;
    }

    /// <summary>Loops 2 and 1: every MR×NR tile of one packed MC×KC block of A times one KC×NC block of B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Macro<TK, TV>(
        int mc, int nc, int kc, float alpha, ref float aPacked, ref float bPacked, float beta, ref float c, nuint ldc, ref float edge)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        int mr = TK.MR, nr = TK.NR;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            ref float bPanel = ref Unsafe.Add(ref bPacked, (nuint)jr * (nuint)kc);
            for (int ir = 0; ir < mc; ir += mr)
            {
                int rows = Math.Min(mr, mc - ir);
                ref float aPanel = ref Unsafe.Add(ref aPacked, (nuint)ir * (nuint)kc);
                ref float cTile = ref Unsafe.Add(ref c, ((nuint)ir * ldc) + (nuint)jr);
                if (rows == mr && cols == nr)
                {
                    TK.Tile((nuint)kc, ref aPanel, ref bPanel, ref cTile, ldc, alpha, beta);
                }
                else if (cols == nr && TK.ShortTile(rows, (nuint)kc, ref aPanel, ref bPanel, ref cTile, ldc, alpha, beta))
                {
                    // The last rows of a block (8 or 4 at 512 bits), computed straight into C without the padding rows.
                }
                else if (TK.EdgeTile(rows, cols, (nuint)kc, ref aPanel, ref bPanel, ref cTile, ldc, alpha, beta))
                {
                    // The last, narrower column panel, masked straight into C.
                }
                else
                {
                    // Edge tile: the whole padded tile into scratch, then only the rows×cols that exist.
                    TK.Tile((nuint)kc, ref aPanel, ref bPanel, ref edge, (nuint)nr, 1, 0);
                    WriteEdge<TK, TV>(rows, cols, ref edge, ref cTile, ldc, alpha, beta);
                }
            }
        }
    }

    /// <summary>
    /// C[i, j] = α·edge[i, j] + β·C[i, j] for the rows×cols of a tile computed whole (MR×NR) into the edge
    /// scratch, so nothing outside the m×n window of C is read or written. Copied a whole vector at a time
    /// where the columns allow: element loads from the tile's vector stores miss store-to-load forwarding.
    /// </summary>
    private static void WriteEdge<TK, TV>(int rows, int cols, ref float edge, ref float c, nuint ldc, float alpha, float beta)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        int vectors = cols - (cols % TK.Width);
        for (int i = 0; i < rows; i++)
        {
            ref float from = ref Unsafe.Add(ref edge, (nuint)(i * TK.NR));
            ref float to = ref Unsafe.Add(ref c, (nuint)i * ldc);
            int j = 0;
            for (; j < vectors; j += TK.Width)
            {
                GemmSmall.WriteVector<TK, TV>(ref to, (nuint)j, TK.Load(ref from, (nuint)j), alpha, beta);
            }

            for (; j < cols; j++)
            {
                GemmSmall.Write(ref Unsafe.Add(ref to, j), Unsafe.Add(ref from, j), alpha, beta);
            }
        }
    }

    /// <summary>Splits <paramref name="size"/> into the fewest blocks of at most <paramref name="max"/>, of equal size rounded up to <paramref name="multiple"/>.</summary>
    internal static int Balanced(int size, int max, int multiple)
    {
        int blocks = (int)(((long)size + max - 1) / max);
        return Math.Min(max, RoundUp((int)(((long)size + blocks - 1) / blocks), multiple));
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
