using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SimdBackprop.Kernels.MatrixProducts.MicroKernels;

namespace SimdBackprop.Kernels.MatrixProducts;

/// <summary>
/// The forward product of a small batch, C = α·X·Wᵀ + β·C with X m×k (one to eight NR-row panels, 32 to 256
/// samples at 512 bits) and W n×k
/// stored row-major (the layer's weights): computed as Cᵀ = W·Xᵀ, so the packed operand is the batch — Xᵀ,
/// one kc×NR micro-panel — and the weights, 8–30× larger, are read in place, MR rows at a time, by a
/// micro-kernel that broadcasts them straight from their rows. Packing W instead (the BLIS order) reads it
/// once to copy it and once more from the copy, and the copy's 8×8 transposes cost about a fifth of the whole
/// product at batch 32. The raw sums of each tile land in an MR×NR scratch and are written on, transposed,
/// with α and β.
/// </summary>
internal static class GemmWeightsInPlace
{
    /// <summary>
    /// Whether this product takes this path: W stored n×k (transposeB), and the batch fills its NR-lane panels
    /// (one, or up to <see cref="GemmBlocking.WeightsInPlaceMaxPanels"/> when W fits in L2 and is read again from
    /// there) with at most 1/16 of the lanes idle: idle lanes cost more than packing saves, and W read again
    /// from L3 for a second panel gains nothing.
    /// </summary>
    public static bool Applies<TK, TV>(bool transposeB, int m, int n, int k)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        if (!TK.ReadsAInPlace || !Avx512F.VL.IsSupported || !transposeB || m <= GemmBlocking.SmallRows)
        {
            return false;
        }

        int panels = (m + TK.NR - 1) / TK.NR;
        return m * 16 >= panels * TK.NR * GemmBlocking.WeightsInPlaceFillSixteenths
            && (panels == 1 || (panels <= GemmBlocking.WeightsInPlaceMaxPanels && (long)n * k * sizeof(float) <= TK.Blocking.L2Bytes));
    }

    /// <summary>
    /// C = α·op(X)·Wᵀ + β·C. x: X as stored (m×k, or k×m when transposeX); w: W stored n×k, rows ldw apart.
    /// </summary>
    public static void Run<TK, TV>(
        bool transposeX, int m, int n, int k, float alpha, ref float x, nuint ldx, ref float w, nuint ldw, float beta, ref float c, nuint ldc)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        int mr = TK.MR, nr = TK.NR;
        int kc = GemmDriver.Balanced(k, TK.Blocking.KC, 1);
        long panelFloats = GemmWorkspace.RoundUp((long)nr * kc);
        ref float xPanel = ref GemmWorkspace.Get(panelFloats + (mr * nr)); // kc×NR: op(X)ᵀ, zero past column m
        ref float sums = ref Unsafe.Add(ref xPanel, (nuint)panelFloats); // MR×NR: one tile of Cᵀ before α, β
        for (int i0 = 0; i0 < m; i0 += nr)
        {
            // One panel of NR samples at a time: W is read once per panel.
            int mCur = Math.Min(nr, m - i0);
            ref float xBlock = ref transposeX ? ref Unsafe.Add(ref x, (nuint)i0) : ref Unsafe.Add(ref x, (nuint)i0 * ldx);
            ref float cBlock = ref Unsafe.Add(ref c, (nuint)i0 * ldc);
            for (int pc = 0; pc < k; pc += kc)
            {
                int kcCur = Math.Min(kc, k - pc);
                float betaCur = pc == 0 ? beta : 1;

                // op(X)ᵀ[p, i] = op(X)[i, p]: X stored m×k is "B stored n×k" to the packer, X stored k×m is plain B.
                GemmPacking.PackB<TK, TV>(!transposeX, ref xBlock, ldx, pc, 0, kcCur, mCur, ref xPanel);
                int rows;
                for (int j = 0; j < n; j += rows)
                {
                    rows = n - j >= mr ? mr : 1 << BitOperations.Log2((uint)(n - j));
                    TK.RowsOfATile(rows, (nuint)kcCur, ref Unsafe.Add(ref w, ((nuint)j * ldw) + (nuint)pc), ldw, ref xPanel, ref sums, (nuint)nr);
                    WriteTransposed(rows, mCur, ref sums, (nuint)nr, alpha, betaCur, ref Unsafe.Add(ref cBlock, (nuint)j), ldc);
                }
            }
        }
    }

    /// <summary>
    /// C[i, r] = α·sums[r, i] + β·C[i, r] for r &lt; rows, i &lt; m: row r of the tile is column r of C. Blocks
    /// of 8 tile rows × 8 lanes are transposed in registers and written as 8 pieces of C rows with masked
    /// stores (at most 8 columns, fewer at the tile's last rows), so nothing outside the m×rows window of C
    /// is touched. Written one float at a time, this step cost up to a third of a batch-32 product.
    /// </summary>
    private static unsafe void WriteTransposed(int rows, int m, ref float sums, nuint ldSums, float alpha, float beta, ref float c, nuint ldc)
    {
        Vector256<float> alphaV = Vector256.Create(alpha);
        Vector256<float> betaV = Vector256.Create(beta);
        fixed (float* c0 = &c)
        {
            for (int g = 0; g < rows; g += 8)
            {
                int width = Math.Min(8, rows - g);
                Vector256<float> mask = GemmPacking.FirstLanes(width);
                ref float s0 = ref Unsafe.Add(ref sums, (nuint)g * ldSums);
                for (int i = 0; i < m; i += 8)
                {
                    ref float s = ref Unsafe.Add(ref s0, (nuint)i);
                    (Vector256<float> t0, Vector256<float> t1, Vector256<float> t2, Vector256<float> t3, Vector256<float> t4, Vector256<float> t5, Vector256<float> t6, Vector256<float> t7) =
                        GemmPacking.Transpose8x8(
                            Vector256.LoadUnsafe(ref s),
                            width > 1 ? Vector256.LoadUnsafe(ref s, ldSums) : default,
                            width > 2 ? Vector256.LoadUnsafe(ref s, 2 * ldSums) : default,
                            width > 3 ? Vector256.LoadUnsafe(ref s, 3 * ldSums) : default,
                            width > 4 ? Vector256.LoadUnsafe(ref s, 4 * ldSums) : default,
                            width > 5 ? Vector256.LoadUnsafe(ref s, 5 * ldSums) : default,
                            width > 6 ? Vector256.LoadUnsafe(ref s, 6 * ldSums) : default,
                            width > 7 ? Vector256.LoadUnsafe(ref s, 7 * ldSums) : default);
                    float* to = c0 + ((nuint)i * ldc) + (nuint)g;
                    int count = Math.Min(8, m - i);
                    Write(t0, to, mask, alphaV, betaV, beta);
                    if (count > 1) Write(t1, to + ldc, mask, alphaV, betaV, beta);
                    if (count > 2) Write(t2, to + (2 * ldc), mask, alphaV, betaV, beta);
                    if (count > 3) Write(t3, to + (3 * ldc), mask, alphaV, betaV, beta);
                    if (count > 4) Write(t4, to + (4 * ldc), mask, alphaV, betaV, beta);
                    if (count > 5) Write(t5, to + (5 * ldc), mask, alphaV, betaV, beta);
                    if (count > 6) Write(t6, to + (6 * ldc), mask, alphaV, betaV, beta);
                    if (count > 7) Write(t7, to + (7 * ldc), mask, alphaV, betaV, beta);
                }
            }
        }
    }

    /// <summary>The masked lanes of one piece of a C row: α·sum, plus β·C where β ≠ 0 (β = 0 never reads C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Write(Vector256<float> sum, float* c, Vector256<float> mask, Vector256<float> alphaV, Vector256<float> betaV, float beta)
    {
        Vector256<float> value = sum * alphaV;
        if (beta != 0)
        {
            value = Vector256.FusedMultiplyAdd(Avx512F.VL.MaskLoad(c, mask, Vector256<float>.Zero), betaV, value);
        }

        Avx512F.VL.MaskStore(c, mask, value);
    }
}
