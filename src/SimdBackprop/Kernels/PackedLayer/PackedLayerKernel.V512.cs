using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.PackedLayer;

internal static partial class PackedLayerKernel
{
    // Register tiles (32 zmm): a full block is 4 columns; 4 samples × 4 columns = 16 accumulators, 4 weight
    // vectors and one broadcast per k. One sample × 4 columns keeps 4 FMA chains in flight, enough to take
    // the weights at L2 bandwidth (one 64-byte line per cycle).
    private static void Forward512<TWeight, TLoad>(ref TWeight w, ref float bias, int rows, int k, ref float x, int ldx, int batch, ref float y, int ldy, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        int b0 = 0;
        if (batch == 1)
        {
            // One sample: two full blocks at once, 8 FMA chains, to cover the FMA latency while streaming.
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
                for (; s + 4 <= batch; s += 4)
                {
                    Block4x4V512<TWeight, TLoad>(ref block, k, ref blockBias, ref Unsafe.Add(ref x, (nint)s * ldx), ldx, ref Unsafe.Add(ref yb, (nint)s * ldy), ldy, e);
                }

                for (; s < batch; s++)
                {
                    Block4x1V512<TWeight, TLoad>(ref block, k, ref blockBias, ref Unsafe.Add(ref x, (nint)s * ldx), ref Unsafe.Add(ref yb, (nint)s * ldy), e);
                }
            }
            else
            {
                for (int c = 0; c < width; c += ColumnRows)
                {
                    int s = 0;
                    for (; s + 4 <= batch; s += 4)
                    {
                        Column1x4V512<TWeight, TLoad>(ref Unsafe.Add(ref block, c), width, k, ref Unsafe.Add(ref blockBias, c), ref Unsafe.Add(ref x, (nint)s * ldx), ldx, ref Unsafe.Add(ref yb, ((nint)s * ldy) + c), ldy, e);
                    }

                    for (; s < batch; s++)
                    {
                        Column1x1V512<TWeight, TLoad>(ref Unsafe.Add(ref block, c), width, k, ref Unsafe.Add(ref blockBias, c), ref Unsafe.Add(ref x, (nint)s * ldx), ref Unsafe.Add(ref yb, ((nint)s * ldy) + c), e);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x1V512<TWeight, TLoad>(ref TWeight w, int k, ref float bias, ref float x, ref float y, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        Vector512<float> a0 = Vector512.LoadUnsafe(ref bias), a1 = Vector512.LoadUnsafe(ref bias, 16);
        Vector512<float> a2 = Vector512.LoadUnsafe(ref bias, 32), a3 = Vector512.LoadUnsafe(ref bias, 48);
        ref TWeight wp = ref w;
        for (nint p = 0; p < k; p++)
        {
            Vector512<float> xp = Vector512.Create(Unsafe.Add(ref x, p));
            a0 = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wp, 0), xp, a0);
            a1 = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wp, 16), xp, a1);
            a2 = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wp, 32), xp, a2);
            a3 = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wp, 48), xp, a3);
            wp = ref Unsafe.Add(ref wp, BlockRows);
        }

        e.Apply(a0).StoreUnsafe(ref y);
        e.Apply(a1).StoreUnsafe(ref y, 16);
        e.Apply(a2).StoreUnsafe(ref y, 32);
        e.Apply(a3).StoreUnsafe(ref y, 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block8x1V512<TWeight, TLoad>(ref TWeight w, int k, ref float bias, ref float x, ref float y, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        Vector512<float> a0 = Vector512.LoadUnsafe(ref bias), a1 = Vector512.LoadUnsafe(ref bias, 16);
        Vector512<float> a2 = Vector512.LoadUnsafe(ref bias, 32), a3 = Vector512.LoadUnsafe(ref bias, 48);
        Vector512<float> a4 = Vector512.LoadUnsafe(ref bias, 64), a5 = Vector512.LoadUnsafe(ref bias, 80);
        Vector512<float> a6 = Vector512.LoadUnsafe(ref bias, 96), a7 = Vector512.LoadUnsafe(ref bias, 112);
        ref TWeight wp = ref w;
        ref TWeight wq = ref Unsafe.Add(ref w, (nint)BlockRows * k); // the next block
        for (nint p = 0; p < k; p++)
        {
            Vector512<float> xp = Vector512.Create(Unsafe.Add(ref x, p));
            a0 = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wp, 0), xp, a0);
            a1 = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wp, 16), xp, a1);
            a2 = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wp, 32), xp, a2);
            a3 = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wp, 48), xp, a3);
            a4 = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wq, 0), xp, a4);
            a5 = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wq, 16), xp, a5);
            a6 = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wq, 32), xp, a6);
            a7 = Vector512.FusedMultiplyAdd(TLoad.Load512(ref wq, 48), xp, a7);
            wp = ref Unsafe.Add(ref wp, BlockRows);
            wq = ref Unsafe.Add(ref wq, BlockRows);
        }

        e.Apply(a0).StoreUnsafe(ref y);
        e.Apply(a1).StoreUnsafe(ref y, 16);
        e.Apply(a2).StoreUnsafe(ref y, 32);
        e.Apply(a3).StoreUnsafe(ref y, 48);
        e.Apply(a4).StoreUnsafe(ref y, 64);
        e.Apply(a5).StoreUnsafe(ref y, 80);
        e.Apply(a6).StoreUnsafe(ref y, 96);
        e.Apply(a7).StoreUnsafe(ref y, 112);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x4V512<TWeight, TLoad>(ref TWeight w, int k, ref float bias, ref float x, int ldx, ref float y, int ldy, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        Vector512<float> b0 = Vector512.LoadUnsafe(ref bias), b1 = Vector512.LoadUnsafe(ref bias, 16);
        Vector512<float> b2 = Vector512.LoadUnsafe(ref bias, 32), b3 = Vector512.LoadUnsafe(ref bias, 48);
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
            Vector512<float> w0 = TLoad.Load512(ref wp, 0), w1 = TLoad.Load512(ref wp, 16);
            Vector512<float> w2 = TLoad.Load512(ref wp, 32), w3 = TLoad.Load512(ref wp, 48);
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
        e.Apply(a00).StoreUnsafe(ref y);
        e.Apply(a01).StoreUnsafe(ref y, 16);
        e.Apply(a02).StoreUnsafe(ref y, 32);
        e.Apply(a03).StoreUnsafe(ref y, 48);
        e.Apply(a10).StoreUnsafe(ref y1);
        e.Apply(a11).StoreUnsafe(ref y1, 16);
        e.Apply(a12).StoreUnsafe(ref y1, 32);
        e.Apply(a13).StoreUnsafe(ref y1, 48);
        e.Apply(a20).StoreUnsafe(ref y2);
        e.Apply(a21).StoreUnsafe(ref y2, 16);
        e.Apply(a22).StoreUnsafe(ref y2, 32);
        e.Apply(a23).StoreUnsafe(ref y2, 48);
        e.Apply(a30).StoreUnsafe(ref y3);
        e.Apply(a31).StoreUnsafe(ref y3, 16);
        e.Apply(a32).StoreUnsafe(ref y3, 32);
        e.Apply(a33).StoreUnsafe(ref y3, 48);
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
