using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using SimdBackprop.Kernels.MatrixProducts.MicroKernels;

namespace SimdBackprop.Kernels.MatrixProducts;

/// <summary>
/// Packs blocks of op(A) and op(B) into the contiguous micro-panels the micro-kernel walks (BLIS). The
/// transposes are absorbed here: whatever the storage order, a packed A micro-panel is kc×MR (the MR values
/// of one k step adjacent) and a packed B micro-panel is kc×NR, so one micro-kernel serves all four cases.
/// Rows or columns beyond the matrix edge are packed as zeros.
/// </summary>
internal static partial class GemmPacking
{
    /// <summary>
    /// Packs op(A)[rows i0 … i0+mc, columns p0 … p0+kc] as ⌈mc/MR⌉ micro-panels of kc×MR each, panel r at
    /// destination + r·MR·kc.
    /// </summary>
    /// <remarks>transposeA: A is stored k×m (op(A)[i, p] = A[p, i]). a: A[0, 0] as stored.</remarks>
    public static void PackA<TK, TV>(bool transposeA, ref float a, nuint lda, int i0, int p0, int mc, int kc, ref float destination)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        int mr = TK.MR;
        if (transposeA)
        {
            // A[p, i0 …] is contiguous; each panel is the kc×MR sub-matrix of A copied row by row. Walk k in
            // steps of 4: those 4 stored rows stay in L1 while each panel's 4 rows of MR floats are copied out.
            // Panel by panel over all of kc instead walks A down a 4·lda-byte stride (a page per row at
            // lda = 1024) and re-reads each 64-byte line once per panel; one row at a time over all panels
            // writes to panels 4·MR·kc bytes apart, a multiple of 4 KiB, so every store of the row falls in
            // the same L1 set. Steps of 8, 16 or 32 rows were slower than 4.
            int full = mc / mr * mr;
            for (int pb = 0; pb < kc; pb += 4)
            {
                int pEnd = Math.Min(kc, pb + 4);
                for (int ir = 0; ir < full; ir += mr)
                {
                    ref float panel = ref Unsafe.Add(ref destination, (nuint)ir * (nuint)kc);
                    for (int p = pb; p < pEnd; p++)
                    {
                        Unsafe.CopyBlockUnaligned(
                            ref Unsafe.As<float, byte>(ref Unsafe.Add(ref panel, (nuint)(p * mr))),
                            ref Unsafe.As<float, byte>(ref Unsafe.Add(ref a, ((nuint)(p0 + p) * lda) + (nuint)(i0 + ir))),
                            (uint)(TK.MR * sizeof(float)));
                    }
                }
            }

            if (full < mc)
            {
                // The last, partial panel: its rows, then zeros up to MR.
                ref float last = ref Unsafe.Add(ref destination, (nuint)full * (nuint)kc);
                for (int p = 0; p < kc; p++)
                {
                    ref float from = ref Unsafe.Add(ref a, ((nuint)(p0 + p) * lda) + (nuint)(i0 + full));
                    ref float to = ref Unsafe.Add(ref last, (nuint)(p * mr));
                    int i = 0;
                    for (; i < mc - full; i++)
                    {
                        Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i);
                    }

                    for (; i < mr; i++)
                    {
                        Unsafe.Add(ref to, i) = 0;
                    }
                }
            }

            return;
        }

        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            ref float panel = ref Unsafe.Add(ref destination, (nuint)ir * (nuint)kc); // kc×MR
            if (Avx.IsSupported && rows == mr && (mr >= 8 || (mr >= 4 && Avx512F.VL.IsSupported)))
            {
                PackRowsAsColumnsAvx(ref Unsafe.Add(ref a, ((nuint)(i0 + ir) * lda) + (nuint)p0), lda, kc, mr, ref panel);
            }
            else
            {
                // Row i of the block is contiguous along k: read it sequentially, write every MR-th float.
                for (int i = 0; i < rows; i++)
                {
                    ref float from = ref Unsafe.Add(ref a, ((nuint)(i0 + ir + i) * lda) + (nuint)p0);
                    ref float to = ref Unsafe.Add(ref panel, i);
                    for (int p = 0; p < kc; p++)
                    {
                        Unsafe.Add(ref to, (nuint)(p * mr)) = Unsafe.Add(ref from, p);
                    }
                }

                for (int i = rows; i < mr; i++)
                {
                    ref float to = ref Unsafe.Add(ref panel, i);
                    for (int p = 0; p < kc; p++)
                    {
                        Unsafe.Add(ref to, (nuint)(p * mr)) = 0;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs op(B)[rows p0 … p0+kc, columns j0 … j0+nc] as ⌈nc/NR⌉ micro-panels of kc×NR each, panel r at
    /// destination + r·NR·kc.
    /// </summary>
    /// <remarks>transposeB: B is stored n×k (op(B)[p, j] = B[j, p]). b: B[0, 0] as stored.</remarks>
    public static void PackB<TK, TV>(bool transposeB, ref float b, nuint ldb, int p0, int j0, int kc, int nc, ref float destination)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        int nr = TK.NR;
        int width = TK.Width;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            ref float panel = ref Unsafe.Add(ref destination, (nuint)jr * (nuint)kc); // kc×NR
            if (!transposeB)
            {
                // B[p, j0+jr …] is contiguous: one row of NR per k step, whole vectors when the panel is full.
                ref float source = ref Unsafe.Add(ref b, ((nuint)p0 * ldb) + (nuint)(j0 + jr));
                for (int p = 0; p < kc; p++)
                {
                    ref float from = ref Unsafe.Add(ref source, (nuint)p * ldb);
                    ref float to = ref Unsafe.Add(ref panel, (nuint)(p * nr));
                    if (cols == nr)
                    {
                        for (int j = 0; j < nr; j += width)
                        {
                            TK.Store(TK.Load(ref from, (nuint)j), ref to, (nuint)j);
                        }
                    }
                    else
                    {
                        // The last, narrower panel: whole vectors while they fit, then single floats, then zeros.
                        int j = 0;
                        for (; j + width <= cols; j += width)
                        {
                            TK.Store(TK.Load(ref from, (nuint)j), ref to, (nuint)j);
                        }

                        for (; j < cols; j++)
                        {
                            Unsafe.Add(ref to, j) = Unsafe.Add(ref from, j);
                        }

                        for (; j < nr; j++)
                        {
                            Unsafe.Add(ref to, j) = 0;
                        }
                    }
                }
            }
            else if (Avx.IsSupported && cols == nr && nr >= 8)
            {
                PackRowsAsColumnsAvx(ref Unsafe.Add(ref b, ((nuint)(j0 + jr) * ldb) + (nuint)p0), ldb, kc, nr, ref panel);
            }
            else
            {
                // Stored row j of B is column j of op(B), contiguous along k: read it, write every NR-th float.
                for (int j = 0; j < cols; j++)
                {
                    ref float from = ref Unsafe.Add(ref b, ((nuint)(j0 + jr + j) * ldb) + (nuint)p0);
                    ref float to = ref Unsafe.Add(ref panel, j);
                    for (int p = 0; p < kc; p++)
                    {
                        Unsafe.Add(ref to, (nuint)(p * nr)) = Unsafe.Add(ref from, p);
                    }
                }

                for (int j = cols; j < nr; j++)
                {
                    ref float to = ref Unsafe.Add(ref panel, j);
                    for (int p = 0; p < kc; p++)
                    {
                        Unsafe.Add(ref to, (nuint)(p * nr)) = 0;
                    }
                }
            }
        }
    }
}
