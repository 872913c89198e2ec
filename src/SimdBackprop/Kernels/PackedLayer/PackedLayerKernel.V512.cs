using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.PackedLayer;

internal static partial class PackedLayerKernel
{
    // Full-block tiles read the weights 32 rows at a time (IPackedWeights.LoadPair512), keeping accumulators in
    // the weight type's pair order (bfloat16: even and odd rows, so one load, a shift and a mask widen 32
    // weights); 16-row columns of partial blocks load one column at a time.
    // Register tiles (32 zmm): a full block is 4 columns; 4 samples × 4 columns = 16 accumulators, 4 weight
    // vectors and one broadcast per k. One sample × 4 columns keeps 4 FMA chains in flight, enough to take
    // the weights at L2 bandwidth (one 64-byte line per cycle).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Forward512<TWeight, TLoad>(ref TWeight w, ref float bias, int rows, int k, ref float x, int ldx, int batch, ref float y, int ldy, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        int b0 = 0;
        if (batch == 1)
        {
            // One sample: four full blocks at once when there are, 16 FMA chains over four weight streams (the
            // batch-1 layer streams its weights from L2; four streams kept 784→256 closer to that rate than two).
            for (; b0 + (4 * BlockRows) <= rows; b0 += 4 * BlockRows)
            {
                Block16x1V512<TWeight, TLoad>(ref Unsafe.Add(ref w, (nint)b0 * k), k, ref Unsafe.Add(ref bias, b0), ref x, ref Unsafe.Add(ref y, b0), e);
            }

            // Then two full blocks at once, 8 FMA chains, to cover the FMA latency while streaming.
            for (; b0 + (2 * BlockRows) <= rows; b0 += 2 * BlockRows)
            {
                Block8x1V512<TWeight, TLoad>(ref Unsafe.Add(ref w, (nint)b0 * k), k, ref Unsafe.Add(ref bias, b0), ref x, ref Unsafe.Add(ref y, b0), e);
            }
        }

        for (; b0 < rows; b0 += BlockRows)
        {
            int width = Math.Min(BlockRows, rows - b0);
            ref TWeight block = ref Unsafe.Add(ref w, (nint)b0 * k);
            ref float blockBias = ref Unsafe.Add(ref bias, b0);
            ref float yb = ref Unsafe.Add(ref y, b0);
            if (width == BlockRows)
            {
                int s = 0;

                // Eight samples over half a block (32 rows): 16 accumulators, the block's weights read once per
                // eight samples rather than twice by two groups of four.
                for (; s + 8 <= batch; s += 8)
                {
                    ref float xs = ref Unsafe.Add(ref x, (nint)s * ldx);
                    ref float yr = ref Unsafe.Add(ref yb, (nint)s * ldy);
                    HalfBlock2x8V512<TWeight, TLoad>(ref block, k, ref blockBias, ref xs, ldx, ref yr, ldy, e);
                    HalfBlock2x8V512<TWeight, TLoad>(ref Unsafe.Add(ref block, 2 * ColumnRows), k, ref Unsafe.Add(ref blockBias, 2 * ColumnRows), ref xs, ldx, ref Unsafe.Add(ref yr, 2 * ColumnRows), ldy, e);
                }

                for (; s + 4 <= batch; s += 4)
                {
                    Block4x4V512<TWeight, TLoad>(ref block, k, ref blockBias, ref Unsafe.Add(ref x, (nint)s * ldx), ldx, ref Unsafe.Add(ref yb, (nint)s * ldy), ldy, e);
                }

                // Two or three left: one pass over the block's weights for all of them, not one per sample.
                if (batch - s == 3)
                {
                    Block4x3V512<TWeight, TLoad>(ref block, k, ref blockBias, ref Unsafe.Add(ref x, (nint)s * ldx), ldx, ref Unsafe.Add(ref yb, (nint)s * ldy), ldy, e);
                }
                else if (batch - s == 2)
                {
                    Block4x2V512<TWeight, TLoad>(ref block, k, ref blockBias, ref Unsafe.Add(ref x, (nint)s * ldx), ldx, ref Unsafe.Add(ref yb, (nint)s * ldy), ldy, e);
                }
                else if (batch - s == 1)
                {
                    Block4x1V512<TWeight, TLoad>(ref block, k, ref blockBias, ref Unsafe.Add(ref x, (nint)s * ldx), ref Unsafe.Add(ref yb, (nint)s * ldy), e);
                }
            }
            else
            {
                int singles = 0;
                for (int c = 0; c < width; c += ColumnRows)
                {
                    // A partial block (a narrow layer, 10 classes say) has one to three columns: eight samples
                    // per column keep eight FMA chains in flight, as many as two pipes of 4-cycle FMAs need.
                    int s = 0;
                    for (; s + 8 <= batch; s += 8)
                    {
                        Column1x8V512<TWeight, TLoad>(ref Unsafe.Add(ref block, c), width, k, ref Unsafe.Add(ref blockBias, c), ref Unsafe.Add(ref x, (nint)s * ldx), ldx, ref Unsafe.Add(ref yb, ((nint)s * ldy) + c), ldy, e);
                    }

                    for (; s + 4 <= batch; s += 4)
                    {
                        Column1x4V512<TWeight, TLoad>(ref Unsafe.Add(ref block, c), width, k, ref Unsafe.Add(ref blockBias, c), ref Unsafe.Add(ref x, (nint)s * ldx), ldx, ref Unsafe.Add(ref yb, ((nint)s * ldy) + c), ldy, e);
                    }

                    singles = s;
                }

                // The last samples one at a time, all the block's columns together: one chain per column in flight
                // instead of one chain at a time.
                for (int s = singles; s < batch; s++)
                {
                    PartialBlock1V512<TWeight, TLoad>(ref block, width, k, ref blockBias, ref Unsafe.Add(ref x, (nint)s * ldx), ref Unsafe.Add(ref yb, (nint)s * ldy), e);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x1V512<TWeight, TLoad>(ref TWeight w, int k, ref float bias, ref float x, ref float y, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        TLoad.OrderPair512(ref bias, out Vector512<float> a0, out Vector512<float> a1);
        TLoad.OrderPair512(ref Unsafe.Add(ref bias, 32), out Vector512<float> a2, out Vector512<float> a3);
        ref TWeight wp = ref w;
        for (nint p = 0; p < k; p++)
        {
            Vector512<float> xp = Vector512.Create(Unsafe.Add(ref x, p));
            TLoad.LoadPair512(ref wp, 0, out Vector512<float> w0, out Vector512<float> w1);
            TLoad.LoadPair512(ref wp, 32, out Vector512<float> w2, out Vector512<float> w3);
            a0 = Vector512.FusedMultiplyAdd(w0, xp, a0);
            a1 = Vector512.FusedMultiplyAdd(w1, xp, a1);
            a2 = Vector512.FusedMultiplyAdd(w2, xp, a2);
            a3 = Vector512.FusedMultiplyAdd(w3, xp, a3);
            wp = ref Unsafe.Add(ref wp, BlockRows);
        }

        TLoad.StorePair512(e, a0, a1, ref y);
        TLoad.StorePair512(e, a2, a3, ref Unsafe.Add(ref y, 32));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block8x1V512<TWeight, TLoad>(ref TWeight w, int k, ref float bias, ref float x, ref float y, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        TLoad.OrderPair512(ref bias, out Vector512<float> a0, out Vector512<float> a1);
        TLoad.OrderPair512(ref Unsafe.Add(ref bias, 32), out Vector512<float> a2, out Vector512<float> a3);
        TLoad.OrderPair512(ref Unsafe.Add(ref bias, 64), out Vector512<float> a4, out Vector512<float> a5);
        TLoad.OrderPair512(ref Unsafe.Add(ref bias, 96), out Vector512<float> a6, out Vector512<float> a7);
        ref TWeight wp = ref w;
        ref TWeight wq = ref Unsafe.Add(ref w, (nint)BlockRows * k); // the next block
        for (nint p = 0; p < k; p++)
        {
            Vector512<float> xp = Vector512.Create(Unsafe.Add(ref x, p));
            TLoad.LoadPair512(ref wp, 0, out Vector512<float> w0, out Vector512<float> w1);
            TLoad.LoadPair512(ref wp, 32, out Vector512<float> w2, out Vector512<float> w3);
            a0 = Vector512.FusedMultiplyAdd(w0, xp, a0);
            a1 = Vector512.FusedMultiplyAdd(w1, xp, a1);
            a2 = Vector512.FusedMultiplyAdd(w2, xp, a2);
            a3 = Vector512.FusedMultiplyAdd(w3, xp, a3);
            TLoad.LoadPair512(ref wq, 0, out w0, out w1);
            TLoad.LoadPair512(ref wq, 32, out w2, out w3);
            a4 = Vector512.FusedMultiplyAdd(w0, xp, a4);
            a5 = Vector512.FusedMultiplyAdd(w1, xp, a5);
            a6 = Vector512.FusedMultiplyAdd(w2, xp, a6);
            a7 = Vector512.FusedMultiplyAdd(w3, xp, a7);
            wp = ref Unsafe.Add(ref wp, BlockRows);
            wq = ref Unsafe.Add(ref wq, BlockRows);
        }

        TLoad.StorePair512(e, a0, a1, ref y);
        TLoad.StorePair512(e, a2, a3, ref Unsafe.Add(ref y, 32));
        TLoad.StorePair512(e, a4, a5, ref Unsafe.Add(ref y, 64));
        TLoad.StorePair512(e, a6, a7, ref Unsafe.Add(ref y, 96));
    }

    /// <summary>Four full blocks (256 rows, each block <c>64·k</c> weights after the previous) for one sample.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block16x1V512<TWeight, TLoad>(ref TWeight w, int k, ref float bias, ref float x, ref float y, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        TLoad.OrderPair512(ref Unsafe.Add(ref bias, 0), out Vector512<float> a00, out Vector512<float> a01);
        TLoad.OrderPair512(ref Unsafe.Add(ref bias, 32), out Vector512<float> a02, out Vector512<float> a03);
        TLoad.OrderPair512(ref Unsafe.Add(ref bias, 64), out Vector512<float> a10, out Vector512<float> a11);
        TLoad.OrderPair512(ref Unsafe.Add(ref bias, 96), out Vector512<float> a12, out Vector512<float> a13);
        TLoad.OrderPair512(ref Unsafe.Add(ref bias, 128), out Vector512<float> a20, out Vector512<float> a21);
        TLoad.OrderPair512(ref Unsafe.Add(ref bias, 160), out Vector512<float> a22, out Vector512<float> a23);
        TLoad.OrderPair512(ref Unsafe.Add(ref bias, 192), out Vector512<float> a30, out Vector512<float> a31);
        TLoad.OrderPair512(ref Unsafe.Add(ref bias, 224), out Vector512<float> a32, out Vector512<float> a33);
        ref TWeight w0p = ref w;
        ref TWeight w1p = ref Unsafe.Add(ref w, (nint)BlockRows * k);
        ref TWeight w2p = ref Unsafe.Add(ref w, 2 * (nint)BlockRows * k);
        ref TWeight w3p = ref Unsafe.Add(ref w, 3 * (nint)BlockRows * k);
        for (nint p = 0; p < k; p++)
        {
            Vector512<float> xp = Vector512.Create(Unsafe.Add(ref x, p));
            TLoad.LoadPair512(ref w0p, 0, out Vector512<float> v00, out Vector512<float> v01);
            TLoad.LoadPair512(ref w0p, 32, out Vector512<float> v02, out Vector512<float> v03);
            a00 = Vector512.FusedMultiplyAdd(v00, xp, a00);
            a01 = Vector512.FusedMultiplyAdd(v01, xp, a01);
            a02 = Vector512.FusedMultiplyAdd(v02, xp, a02);
            a03 = Vector512.FusedMultiplyAdd(v03, xp, a03);
            TLoad.LoadPair512(ref w1p, 0, out Vector512<float> v10, out Vector512<float> v11);
            TLoad.LoadPair512(ref w1p, 32, out Vector512<float> v12, out Vector512<float> v13);
            a10 = Vector512.FusedMultiplyAdd(v10, xp, a10);
            a11 = Vector512.FusedMultiplyAdd(v11, xp, a11);
            a12 = Vector512.FusedMultiplyAdd(v12, xp, a12);
            a13 = Vector512.FusedMultiplyAdd(v13, xp, a13);
            TLoad.LoadPair512(ref w2p, 0, out Vector512<float> v20, out Vector512<float> v21);
            TLoad.LoadPair512(ref w2p, 32, out Vector512<float> v22, out Vector512<float> v23);
            a20 = Vector512.FusedMultiplyAdd(v20, xp, a20);
            a21 = Vector512.FusedMultiplyAdd(v21, xp, a21);
            a22 = Vector512.FusedMultiplyAdd(v22, xp, a22);
            a23 = Vector512.FusedMultiplyAdd(v23, xp, a23);
            TLoad.LoadPair512(ref w3p, 0, out Vector512<float> v30, out Vector512<float> v31);
            TLoad.LoadPair512(ref w3p, 32, out Vector512<float> v32, out Vector512<float> v33);
            a30 = Vector512.FusedMultiplyAdd(v30, xp, a30);
            a31 = Vector512.FusedMultiplyAdd(v31, xp, a31);
            a32 = Vector512.FusedMultiplyAdd(v32, xp, a32);
            a33 = Vector512.FusedMultiplyAdd(v33, xp, a33);
            w0p = ref Unsafe.Add(ref w0p, BlockRows);
            w1p = ref Unsafe.Add(ref w1p, BlockRows);
            w2p = ref Unsafe.Add(ref w2p, BlockRows);
            w3p = ref Unsafe.Add(ref w3p, BlockRows);
        }

        TLoad.StorePair512(e, a00, a01, ref Unsafe.Add(ref y, 0));
        TLoad.StorePair512(e, a02, a03, ref Unsafe.Add(ref y, 32));
        TLoad.StorePair512(e, a10, a11, ref Unsafe.Add(ref y, 64));
        TLoad.StorePair512(e, a12, a13, ref Unsafe.Add(ref y, 96));
        TLoad.StorePair512(e, a20, a21, ref Unsafe.Add(ref y, 128));
        TLoad.StorePair512(e, a22, a23, ref Unsafe.Add(ref y, 160));
        TLoad.StorePair512(e, a30, a31, ref Unsafe.Add(ref y, 192));
        TLoad.StorePair512(e, a32, a33, ref Unsafe.Add(ref y, 224));
    }

    /// <summary>Rows [0, 32) of a full block (stride <see cref="BlockRows"/>) for eight samples.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HalfBlock2x8V512<TWeight, TLoad>(ref TWeight w, int k, ref float bias, ref float x, int ldx, ref float y, int ldy, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        TLoad.OrderPair512(ref bias, out Vector512<float> b0, out Vector512<float> b1);
        Vector512<float> a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
        Vector512<float> a40 = b0, a41 = b1, a50 = b0, a51 = b1, a60 = b0, a61 = b1, a70 = b0, a71 = b1;
        nint l = ldx;
        ref TWeight wp = ref w;
        for (nint p = 0; p < k; p++)
        {
            TLoad.LoadPair512(ref wp, 0, out Vector512<float> w0, out Vector512<float> w1);
            ref float xp = ref Unsafe.Add(ref x, p);
            Vector512<float> s = Vector512.Create(xp);
            a00 = Vector512.FusedMultiplyAdd(w0, s, a00);
            a01 = Vector512.FusedMultiplyAdd(w1, s, a01);
            s = Vector512.Create(Unsafe.Add(ref xp, l));
            a10 = Vector512.FusedMultiplyAdd(w0, s, a10);
            a11 = Vector512.FusedMultiplyAdd(w1, s, a11);
            s = Vector512.Create(Unsafe.Add(ref xp, 2 * l));
            a20 = Vector512.FusedMultiplyAdd(w0, s, a20);
            a21 = Vector512.FusedMultiplyAdd(w1, s, a21);
            s = Vector512.Create(Unsafe.Add(ref xp, 3 * l));
            a30 = Vector512.FusedMultiplyAdd(w0, s, a30);
            a31 = Vector512.FusedMultiplyAdd(w1, s, a31);
            s = Vector512.Create(Unsafe.Add(ref xp, 4 * l));
            a40 = Vector512.FusedMultiplyAdd(w0, s, a40);
            a41 = Vector512.FusedMultiplyAdd(w1, s, a41);
            s = Vector512.Create(Unsafe.Add(ref xp, 5 * l));
            a50 = Vector512.FusedMultiplyAdd(w0, s, a50);
            a51 = Vector512.FusedMultiplyAdd(w1, s, a51);
            s = Vector512.Create(Unsafe.Add(ref xp, 6 * l));
            a60 = Vector512.FusedMultiplyAdd(w0, s, a60);
            a61 = Vector512.FusedMultiplyAdd(w1, s, a61);
            s = Vector512.Create(Unsafe.Add(ref xp, 7 * l));
            a70 = Vector512.FusedMultiplyAdd(w0, s, a70);
            a71 = Vector512.FusedMultiplyAdd(w1, s, a71);
            wp = ref Unsafe.Add(ref wp, BlockRows);
        }

        nint m = ldy;
        TLoad.StorePair512(e, a00, a01, ref y);
        TLoad.StorePair512(e, a10, a11, ref Unsafe.Add(ref y, m));
        TLoad.StorePair512(e, a20, a21, ref Unsafe.Add(ref y, 2 * m));
        TLoad.StorePair512(e, a30, a31, ref Unsafe.Add(ref y, 3 * m));
        TLoad.StorePair512(e, a40, a41, ref Unsafe.Add(ref y, 4 * m));
        TLoad.StorePair512(e, a50, a51, ref Unsafe.Add(ref y, 5 * m));
        TLoad.StorePair512(e, a60, a61, ref Unsafe.Add(ref y, 6 * m));
        TLoad.StorePair512(e, a70, a71, ref Unsafe.Add(ref y, 7 * m));
    }

    /// <summary>A full block for 2 samples: 8 accumulators, the block's weights read once for all of them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x2V512<TWeight, TLoad>(ref TWeight w, int k, ref float bias, ref float x, int ldx, ref float y, int ldy, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        TLoad.OrderPair512(ref bias, out Vector512<float> b0, out Vector512<float> b1);
        TLoad.OrderPair512(ref Unsafe.Add(ref bias, 32), out Vector512<float> b2, out Vector512<float> b3);
        Vector512<float> a00 = b0, a01 = b1, a02 = b2, a03 = b3;
        Vector512<float> a10 = b0, a11 = b1, a12 = b2, a13 = b3;
        ref float x1 = ref Unsafe.Add(ref x, ldx);
        ref TWeight wp = ref w;
        for (nint p = 0; p < k; p++)
        {
            TLoad.LoadPair512(ref wp, 0, out Vector512<float> w0, out Vector512<float> w1);
            TLoad.LoadPair512(ref wp, 32, out Vector512<float> w2, out Vector512<float> w3);
            Vector512<float> s = Vector512.Create(Unsafe.Add(ref x, p));
            a00 = Vector512.FusedMultiplyAdd(w0, s, a00);
            a01 = Vector512.FusedMultiplyAdd(w1, s, a01);
            a02 = Vector512.FusedMultiplyAdd(w2, s, a02);
            a03 = Vector512.FusedMultiplyAdd(w3, s, a03);
            s = Vector512.Create(Unsafe.Add(ref x1, p));
            a10 = Vector512.FusedMultiplyAdd(w0, s, a10);
            a11 = Vector512.FusedMultiplyAdd(w1, s, a11);
            a12 = Vector512.FusedMultiplyAdd(w2, s, a12);
            a13 = Vector512.FusedMultiplyAdd(w3, s, a13);
            wp = ref Unsafe.Add(ref wp, BlockRows);
        }

        ref float y1 = ref Unsafe.Add(ref y, ldy);
        TLoad.StorePair512(e, a00, a01, ref y);
        TLoad.StorePair512(e, a02, a03, ref Unsafe.Add(ref y, 32));
        TLoad.StorePair512(e, a10, a11, ref y1);
        TLoad.StorePair512(e, a12, a13, ref Unsafe.Add(ref y1, 32));
    }

    /// <summary>A full block for 3 samples: 12 accumulators, the block's weights read once for all of them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x3V512<TWeight, TLoad>(ref TWeight w, int k, ref float bias, ref float x, int ldx, ref float y, int ldy, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        TLoad.OrderPair512(ref bias, out Vector512<float> b0, out Vector512<float> b1);
        TLoad.OrderPair512(ref Unsafe.Add(ref bias, 32), out Vector512<float> b2, out Vector512<float> b3);
        Vector512<float> a00 = b0, a01 = b1, a02 = b2, a03 = b3;
        Vector512<float> a10 = b0, a11 = b1, a12 = b2, a13 = b3;
        Vector512<float> a20 = b0, a21 = b1, a22 = b2, a23 = b3;
        ref float x1 = ref Unsafe.Add(ref x, ldx);
        ref float x2 = ref Unsafe.Add(ref x, 2 * (nint)ldx);
        ref TWeight wp = ref w;
        for (nint p = 0; p < k; p++)
        {
            TLoad.LoadPair512(ref wp, 0, out Vector512<float> w0, out Vector512<float> w1);
            TLoad.LoadPair512(ref wp, 32, out Vector512<float> w2, out Vector512<float> w3);
            Vector512<float> s = Vector512.Create(Unsafe.Add(ref x, p));
            a00 = Vector512.FusedMultiplyAdd(w0, s, a00);
            a01 = Vector512.FusedMultiplyAdd(w1, s, a01);
            a02 = Vector512.FusedMultiplyAdd(w2, s, a02);
            a03 = Vector512.FusedMultiplyAdd(w3, s, a03);
            s = Vector512.Create(Unsafe.Add(ref x1, p));
            a10 = Vector512.FusedMultiplyAdd(w0, s, a10);
            a11 = Vector512.FusedMultiplyAdd(w1, s, a11);
            a12 = Vector512.FusedMultiplyAdd(w2, s, a12);
            a13 = Vector512.FusedMultiplyAdd(w3, s, a13);
            s = Vector512.Create(Unsafe.Add(ref x2, p));
            a20 = Vector512.FusedMultiplyAdd(w0, s, a20);
            a21 = Vector512.FusedMultiplyAdd(w1, s, a21);
            a22 = Vector512.FusedMultiplyAdd(w2, s, a22);
            a23 = Vector512.FusedMultiplyAdd(w3, s, a23);
            wp = ref Unsafe.Add(ref wp, BlockRows);
        }

        ref float y1 = ref Unsafe.Add(ref y, ldy);
        ref float y2 = ref Unsafe.Add(ref y, 2 * (nint)ldy);
        TLoad.StorePair512(e, a00, a01, ref y);
        TLoad.StorePair512(e, a02, a03, ref Unsafe.Add(ref y, 32));
        TLoad.StorePair512(e, a10, a11, ref y1);
        TLoad.StorePair512(e, a12, a13, ref Unsafe.Add(ref y1, 32));
        TLoad.StorePair512(e, a20, a21, ref y2);
        TLoad.StorePair512(e, a22, a23, ref Unsafe.Add(ref y2, 32));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x4V512<TWeight, TLoad>(ref TWeight w, int k, ref float bias, ref float x, int ldx, ref float y, int ldy, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        TLoad.OrderPair512(ref bias, out Vector512<float> b0, out Vector512<float> b1);
        TLoad.OrderPair512(ref Unsafe.Add(ref bias, 32), out Vector512<float> b2, out Vector512<float> b3);
        Vector512<float> a00 = b0, a01 = b1, a02 = b2, a03 = b3;
        Vector512<float> a10 = b0, a11 = b1, a12 = b2, a13 = b3;
        Vector512<float> a20 = b0, a21 = b1, a22 = b2, a23 = b3;
        Vector512<float> a30 = b0, a31 = b1, a32 = b2, a33 = b3;
        ref float x0 = ref x;
        ref float x1 = ref Unsafe.Add(ref x, ldx);
        ref float x2 = ref Unsafe.Add(ref x, 2 * (nint)ldx);
        ref float x3 = ref Unsafe.Add(ref x, 3 * (nint)ldx);
        ref TWeight wp = ref w;
        for (nint p = 0; p < k; p++)
        {
            TLoad.LoadPair512(ref wp, 0, out Vector512<float> w0, out Vector512<float> w1);
            TLoad.LoadPair512(ref wp, 32, out Vector512<float> w2, out Vector512<float> w3);
            Vector512<float> s = Vector512.Create(Unsafe.Add(ref x0, p));
            a00 = Vector512.FusedMultiplyAdd(w0, s, a00);
            a01 = Vector512.FusedMultiplyAdd(w1, s, a01);
            a02 = Vector512.FusedMultiplyAdd(w2, s, a02);
            a03 = Vector512.FusedMultiplyAdd(w3, s, a03);
            s = Vector512.Create(Unsafe.Add(ref x1, p));
            a10 = Vector512.FusedMultiplyAdd(w0, s, a10);
            a11 = Vector512.FusedMultiplyAdd(w1, s, a11);
            a12 = Vector512.FusedMultiplyAdd(w2, s, a12);
            a13 = Vector512.FusedMultiplyAdd(w3, s, a13);
            s = Vector512.Create(Unsafe.Add(ref x2, p));
            a20 = Vector512.FusedMultiplyAdd(w0, s, a20);
            a21 = Vector512.FusedMultiplyAdd(w1, s, a21);
            a22 = Vector512.FusedMultiplyAdd(w2, s, a22);
            a23 = Vector512.FusedMultiplyAdd(w3, s, a23);
            s = Vector512.Create(Unsafe.Add(ref x3, p));
            a30 = Vector512.FusedMultiplyAdd(w0, s, a30);
            a31 = Vector512.FusedMultiplyAdd(w1, s, a31);
            a32 = Vector512.FusedMultiplyAdd(w2, s, a32);
            a33 = Vector512.FusedMultiplyAdd(w3, s, a33);
            wp = ref Unsafe.Add(ref wp, BlockRows);
        }

        ref float y1 = ref Unsafe.Add(ref y, ldy);
        ref float y2 = ref Unsafe.Add(ref y, 2 * (nint)ldy);
        ref float y3 = ref Unsafe.Add(ref y, 3 * (nint)ldy);
        TLoad.StorePair512(e, a00, a01, ref y);
        TLoad.StorePair512(e, a02, a03, ref Unsafe.Add(ref y, 32));
        TLoad.StorePair512(e, a10, a11, ref y1);
        TLoad.StorePair512(e, a12, a13, ref Unsafe.Add(ref y1, 32));
        TLoad.StorePair512(e, a20, a21, ref y2);
        TLoad.StorePair512(e, a22, a23, ref Unsafe.Add(ref y2, 32));
        TLoad.StorePair512(e, a30, a31, ref y3);
        TLoad.StorePair512(e, a32, a33, ref Unsafe.Add(ref y3, 32));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Column1x1V512<TWeight, TLoad>(ref TWeight w, int stride, int k, ref float bias, ref float x, ref float y, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        Vector512<float> a = Vector512.LoadUnsafe(ref bias);
        ref TWeight wp = ref w;
        for (nint p = 0; p < k; p++)
        {
            a = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wp, 0), Vector512.Create(Unsafe.Add(ref x, p)), a);
            wp = ref Unsafe.Add(ref wp, stride);
        }

        e.Apply(a).StoreUnsafe(ref y);
    }

    /// <summary>Every column (one, two or three of 16 rows, <paramref name="width"/> apart per k) of a partial block for one sample.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PartialBlock1V512<TWeight, TLoad>(ref TWeight w, int width, int k, ref float bias, ref float x, ref float y, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        if (width == ColumnRows)
        {
            Column1x1V512<TWeight, TLoad>(ref w, width, k, ref bias, ref x, ref y, e);
            return;
        }

        Vector512<float> a0 = Vector512.LoadUnsafe(ref bias), a1 = Vector512.LoadUnsafe(ref bias, ColumnRows);
        ref TWeight wp = ref w;
        if (width == 2 * ColumnRows)
        {
            for (nint p = 0; p < k; p++)
            {
                Vector512<float> xp = Vector512.Create(Unsafe.Add(ref x, p));
                a0 = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wp, 0), xp, a0);
                a1 = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wp, ColumnRows), xp, a1);
                wp = ref Unsafe.Add(ref wp, 2 * ColumnRows);
            }

            e.Apply(a0).StoreUnsafe(ref y);
            e.Apply(a1).StoreUnsafe(ref y, ColumnRows);
            return;
        }

        Vector512<float> a2 = Vector512.LoadUnsafe(ref bias, 2 * ColumnRows);
        for (nint p = 0; p < k; p++)
        {
            Vector512<float> xp = Vector512.Create(Unsafe.Add(ref x, p));
            a0 = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wp, 0), xp, a0);
            a1 = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wp, ColumnRows), xp, a1);
            a2 = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wp, 2 * ColumnRows), xp, a2);
            wp = ref Unsafe.Add(ref wp, 3 * ColumnRows);
        }

        e.Apply(a0).StoreUnsafe(ref y);
        e.Apply(a1).StoreUnsafe(ref y, ColumnRows);
        e.Apply(a2).StoreUnsafe(ref y, 2 * ColumnRows);
    }

    /// <summary>One 16-row column (stride apart per k) for eight samples: eight independent chains per weight load.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Column1x8V512<TWeight, TLoad>(ref TWeight w, int stride, int k, ref float bias, ref float x, int ldx, ref float y, int ldy, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        Vector512<float> a0 = Vector512.LoadUnsafe(ref bias), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        ref float x4 = ref Unsafe.Add(ref x, 4 * (nint)ldx);
        nint ld = ldx;
        ref TWeight wp = ref w;
        for (nint p = 0; p < k; p++)
        {
            Vector512<float> wv = TLoad.Load512(ref wp, 0);
            a0 = Vector512.FusedMultiplyAdd(wv, Vector512.Create(Unsafe.Add(ref x, p)), a0);
            a1 = Vector512.FusedMultiplyAdd(wv, Vector512.Create(Unsafe.Add(ref x, p + ld)), a1);
            a2 = Vector512.FusedMultiplyAdd(wv, Vector512.Create(Unsafe.Add(ref x, p + (2 * ld))), a2);
            a3 = Vector512.FusedMultiplyAdd(wv, Vector512.Create(Unsafe.Add(ref x, p + (3 * ld))), a3);
            a4 = Vector512.FusedMultiplyAdd(wv, Vector512.Create(Unsafe.Add(ref x4, p)), a4);
            a5 = Vector512.FusedMultiplyAdd(wv, Vector512.Create(Unsafe.Add(ref x4, p + ld)), a5);
            a6 = Vector512.FusedMultiplyAdd(wv, Vector512.Create(Unsafe.Add(ref x4, p + (2 * ld))), a6);
            a7 = Vector512.FusedMultiplyAdd(wv, Vector512.Create(Unsafe.Add(ref x4, p + (3 * ld))), a7);
            wp = ref Unsafe.Add(ref wp, stride);
        }

        e.Apply(a0).StoreUnsafe(ref y);
        e.Apply(a1).StoreUnsafe(ref Unsafe.Add(ref y, ldy));
        e.Apply(a2).StoreUnsafe(ref Unsafe.Add(ref y, 2 * (nint)ldy));
        e.Apply(a3).StoreUnsafe(ref Unsafe.Add(ref y, 3 * (nint)ldy));
        e.Apply(a4).StoreUnsafe(ref Unsafe.Add(ref y, 4 * (nint)ldy));
        e.Apply(a5).StoreUnsafe(ref Unsafe.Add(ref y, 5 * (nint)ldy));
        e.Apply(a6).StoreUnsafe(ref Unsafe.Add(ref y, 6 * (nint)ldy));
        e.Apply(a7).StoreUnsafe(ref Unsafe.Add(ref y, 7 * (nint)ldy));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Column1x4V512<TWeight, TLoad>(ref TWeight w, int stride, int k, ref float bias, ref float x, int ldx, ref float y, int ldy, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        Vector512<float> a0 = Vector512.LoadUnsafe(ref bias), a1 = a0, a2 = a0, a3 = a0;
        ref float x1 = ref Unsafe.Add(ref x, ldx);
        ref float x2 = ref Unsafe.Add(ref x, 2 * (nint)ldx);
        ref float x3 = ref Unsafe.Add(ref x, 3 * (nint)ldx);
        ref TWeight wp = ref w;
        for (nint p = 0; p < k; p++)
        {
            Vector512<float> wv = TLoad.Load512(ref wp, 0);
            a0 = Vector512.FusedMultiplyAdd(wv, Vector512.Create(Unsafe.Add(ref x, p)), a0);
            a1 = Vector512.FusedMultiplyAdd(wv, Vector512.Create(Unsafe.Add(ref x1, p)), a1);
            a2 = Vector512.FusedMultiplyAdd(wv, Vector512.Create(Unsafe.Add(ref x2, p)), a2);
            a3 = Vector512.FusedMultiplyAdd(wv, Vector512.Create(Unsafe.Add(ref x3, p)), a3);
            wp = ref Unsafe.Add(ref wp, stride);
        }

        e.Apply(a0).StoreUnsafe(ref y);
        e.Apply(a1).StoreUnsafe(ref Unsafe.Add(ref y, ldy));
        e.Apply(a2).StoreUnsafe(ref Unsafe.Add(ref y, 2 * (nint)ldy));
        e.Apply(a3).StoreUnsafe(ref Unsafe.Add(ref y, 3 * (nint)ldy));
    }
}
