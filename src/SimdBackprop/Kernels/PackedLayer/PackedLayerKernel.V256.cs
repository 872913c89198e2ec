using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.PackedLayer;

internal static partial class PackedLayerKernel
{
    // Every tile reads a 16-row column as a pair of ymm (IPackedWeights.LoadPair256: rows 0–7 and 8–15, or for
    // bfloat16 even and odd rows from one 32-byte load, a shift and a mask), accumulators in that order.
    // A 16-row column is two ymm; a full block (4 columns) keeps 8 FMA chains for one sample, within the
    // 16 ymm of an AVX2 machine. Batches go six samples at a time over one 16-row column (12 accumulators, two
    // weight vectors, one broadcast: 15 ymm), then four (8 accumulators).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Forward256<TWeight, TLoad>(ref TWeight w, ref float bias, int rows, int k, ref float x, int ldx, int batch, ref float y, int ldy, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        for (int b0 = 0; b0 < rows; b0 += BlockRows)
        {
            int width = Math.Min(BlockRows, rows - b0);
            ref TWeight block = ref Unsafe.Add(ref w, (nint)b0 * k);
            ref float ys = ref Unsafe.Add(ref y, b0);
            int s = 0;

            // Six samples share each weight load: one 16-row column at a time, 12 accumulators (15 of the 16 ymm).
            // Each group streams the block's weights once; a remainder of 2 or 3 goes as fours and singles
            // instead (8 = 4 + 4 rather than 6 + 1 + 1: fewer passes).
            int sixes = batch / 6;
            if (batch % 6 is 2 or 3 && sixes > 0)
            {
                sixes--;
            }

            for (; s < 6 * sixes; s += 6)
            {
                for (int c = 0; c < width; c += ColumnRows)
                {
                    Column1x6V256<TWeight, TLoad>(ref Unsafe.Add(ref block, c), width, k, ref Unsafe.Add(ref bias, b0 + c), ref Unsafe.Add(ref x, (nint)s * ldx), ldx, ref Unsafe.Add(ref ys, ((nint)s * ldy) + c), ldy, e);
                }
            }

            // Then four: 8 accumulators.
            for (; s + 4 <= batch; s += 4)
            {
                for (int c = 0; c < width; c += ColumnRows)
                {
                    Column1x4V256<TWeight, TLoad>(ref Unsafe.Add(ref block, c), width, k, ref Unsafe.Add(ref bias, b0 + c), ref Unsafe.Add(ref x, (nint)s * ldx), ldx, ref Unsafe.Add(ref ys, ((nint)s * ldy) + c), ldy, e);
                }
            }

            for (; s < batch; s++)
            {
                ref float xr = ref Unsafe.Add(ref x, (nint)s * ldx);
                ref float yr = ref Unsafe.Add(ref ys, (nint)s * ldy);
                if (width == BlockRows)
                {
                    Block4x1V256<TWeight, TLoad>(ref block, k, ref Unsafe.Add(ref bias, b0), ref xr, ref yr, e);
                }
                else
                {
                    PartialBlock1V256<TWeight, TLoad>(ref block, width, k, ref Unsafe.Add(ref bias, b0), ref xr, ref yr, e);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Column1x6V256<TWeight, TLoad>(ref TWeight w, int stride, int k, ref float bias, ref float x, int ldx, ref float y, int ldy, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        TLoad.OrderPair256(ref bias, out Vector256<float> lo0, out Vector256<float> hi0);
        Vector256<float> lo1 = lo0, hi1 = hi0, lo2 = lo0, hi2 = hi0, lo3 = lo0, hi3 = hi0, lo4 = lo0, hi4 = hi0, lo5 = lo0, hi5 = hi0;
        ref float x1 = ref Unsafe.Add(ref x, ldx);
        ref float x2 = ref Unsafe.Add(ref x, 2 * (nint)ldx);
        ref float x3 = ref Unsafe.Add(ref x, 3 * (nint)ldx);
        ref float x4 = ref Unsafe.Add(ref x, 4 * (nint)ldx);
        ref float x5 = ref Unsafe.Add(ref x, 5 * (nint)ldx);
        ref TWeight wp = ref w;
        for (nint p = 0; p < k; p++)
        {
            TLoad.LoadPair256(ref wp, 0, out Vector256<float> wl, out Vector256<float> wh);
            Vector256<float> s = Vector256.Create(Unsafe.Add(ref x, p));
            lo0 = Vector256.FusedMultiplyAdd(wl, s, lo0);
            hi0 = Vector256.FusedMultiplyAdd(wh, s, hi0);
            s = Vector256.Create(Unsafe.Add(ref x1, p));
            lo1 = Vector256.FusedMultiplyAdd(wl, s, lo1);
            hi1 = Vector256.FusedMultiplyAdd(wh, s, hi1);
            s = Vector256.Create(Unsafe.Add(ref x2, p));
            lo2 = Vector256.FusedMultiplyAdd(wl, s, lo2);
            hi2 = Vector256.FusedMultiplyAdd(wh, s, hi2);
            s = Vector256.Create(Unsafe.Add(ref x3, p));
            lo3 = Vector256.FusedMultiplyAdd(wl, s, lo3);
            hi3 = Vector256.FusedMultiplyAdd(wh, s, hi3);
            s = Vector256.Create(Unsafe.Add(ref x4, p));
            lo4 = Vector256.FusedMultiplyAdd(wl, s, lo4);
            hi4 = Vector256.FusedMultiplyAdd(wh, s, hi4);
            s = Vector256.Create(Unsafe.Add(ref x5, p));
            lo5 = Vector256.FusedMultiplyAdd(wl, s, lo5);
            hi5 = Vector256.FusedMultiplyAdd(wh, s, hi5);
            wp = ref Unsafe.Add(ref wp, stride);
        }

        TLoad.StorePair256(e, lo0, hi0, ref y);
        TLoad.StorePair256(e, lo1, hi1, ref Unsafe.Add(ref y, ldy));
        TLoad.StorePair256(e, lo2, hi2, ref Unsafe.Add(ref y, 2 * (nint)ldy));
        TLoad.StorePair256(e, lo3, hi3, ref Unsafe.Add(ref y, 3 * (nint)ldy));
        TLoad.StorePair256(e, lo4, hi4, ref Unsafe.Add(ref y, 4 * (nint)ldy));
        TLoad.StorePair256(e, lo5, hi5, ref Unsafe.Add(ref y, 5 * (nint)ldy));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Column1x4V256<TWeight, TLoad>(ref TWeight w, int stride, int k, ref float bias, ref float x, int ldx, ref float y, int ldy, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        TLoad.OrderPair256(ref bias, out Vector256<float> lo0, out Vector256<float> hi0);
        Vector256<float> lo1 = lo0, hi1 = hi0, lo2 = lo0, hi2 = hi0, lo3 = lo0, hi3 = hi0;
        ref float x1 = ref Unsafe.Add(ref x, ldx);
        ref float x2 = ref Unsafe.Add(ref x, 2 * (nint)ldx);
        ref float x3 = ref Unsafe.Add(ref x, 3 * (nint)ldx);
        ref TWeight wp = ref w;
        for (nint p = 0; p < k; p++)
        {
            TLoad.LoadPair256(ref wp, 0, out Vector256<float> wl, out Vector256<float> wh);
            Vector256<float> s = Vector256.Create(Unsafe.Add(ref x, p));
            lo0 = Vector256.FusedMultiplyAdd(wl, s, lo0);
            hi0 = Vector256.FusedMultiplyAdd(wh, s, hi0);
            s = Vector256.Create(Unsafe.Add(ref x1, p));
            lo1 = Vector256.FusedMultiplyAdd(wl, s, lo1);
            hi1 = Vector256.FusedMultiplyAdd(wh, s, hi1);
            s = Vector256.Create(Unsafe.Add(ref x2, p));
            lo2 = Vector256.FusedMultiplyAdd(wl, s, lo2);
            hi2 = Vector256.FusedMultiplyAdd(wh, s, hi2);
            s = Vector256.Create(Unsafe.Add(ref x3, p));
            lo3 = Vector256.FusedMultiplyAdd(wl, s, lo3);
            hi3 = Vector256.FusedMultiplyAdd(wh, s, hi3);
            wp = ref Unsafe.Add(ref wp, stride);
        }

        TLoad.StorePair256(e, lo0, hi0, ref y);
        TLoad.StorePair256(e, lo1, hi1, ref Unsafe.Add(ref y, ldy));
        TLoad.StorePair256(e, lo2, hi2, ref Unsafe.Add(ref y, 2 * (nint)ldy));
        TLoad.StorePair256(e, lo3, hi3, ref Unsafe.Add(ref y, 3 * (nint)ldy));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x1V256<TWeight, TLoad>(ref TWeight w, int k, ref float bias, ref float x, ref float y, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        TLoad.OrderPair256(ref bias, out Vector256<float> a0, out Vector256<float> a1);
        TLoad.OrderPair256(ref Unsafe.Add(ref bias, 16), out Vector256<float> a2, out Vector256<float> a3);
        TLoad.OrderPair256(ref Unsafe.Add(ref bias, 32), out Vector256<float> a4, out Vector256<float> a5);
        TLoad.OrderPair256(ref Unsafe.Add(ref bias, 48), out Vector256<float> a6, out Vector256<float> a7);
        ref TWeight wp = ref w;
        for (nint p = 0; p < k; p++)
        {
            Vector256<float> xp = Vector256.Create(Unsafe.Add(ref x, p));
            TLoad.LoadPair256(ref wp, 0, out Vector256<float> w0, out Vector256<float> w1);
            TLoad.LoadPair256(ref wp, 16, out Vector256<float> w2, out Vector256<float> w3);
            a0 = Vector256.FusedMultiplyAdd(w0, xp, a0);
            a1 = Vector256.FusedMultiplyAdd(w1, xp, a1);
            a2 = Vector256.FusedMultiplyAdd(w2, xp, a2);
            a3 = Vector256.FusedMultiplyAdd(w3, xp, a3);
            TLoad.LoadPair256(ref wp, 32, out w0, out w1);
            TLoad.LoadPair256(ref wp, 48, out w2, out w3);
            a4 = Vector256.FusedMultiplyAdd(w0, xp, a4);
            a5 = Vector256.FusedMultiplyAdd(w1, xp, a5);
            a6 = Vector256.FusedMultiplyAdd(w2, xp, a6);
            a7 = Vector256.FusedMultiplyAdd(w3, xp, a7);
            wp = ref Unsafe.Add(ref wp, BlockRows);
        }

        TLoad.StorePair256(e, a0, a1, ref y);
        TLoad.StorePair256(e, a2, a3, ref Unsafe.Add(ref y, 16));
        TLoad.StorePair256(e, a4, a5, ref Unsafe.Add(ref y, 32));
        TLoad.StorePair256(e, a6, a7, ref Unsafe.Add(ref y, 48));
    }

    /// <summary>Every column (one, two or three of 16 rows, <paramref name="width"/> apart per k) of a partial block for
    /// one sample: two, four or six FMA chains in flight instead of two at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PartialBlock1V256<TWeight, TLoad>(ref TWeight w, int width, int k, ref float bias, ref float x, ref float y, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        if (width == ColumnRows)
        {
            Column1x1V256<TWeight, TLoad>(ref w, width, k, ref bias, ref x, ref y, e);
            return;
        }

        TLoad.OrderPair256(ref bias, out Vector256<float> a0, out Vector256<float> a1);
        TLoad.OrderPair256(ref Unsafe.Add(ref bias, ColumnRows), out Vector256<float> a2, out Vector256<float> a3);
        ref TWeight wp = ref w;
        if (width == 2 * ColumnRows)
        {
            for (nint p = 0; p < k; p++)
            {
                Vector256<float> xp = Vector256.Create(Unsafe.Add(ref x, p));
                TLoad.LoadPair256(ref wp, 0, out Vector256<float> w0, out Vector256<float> w1);
                TLoad.LoadPair256(ref wp, ColumnRows, out Vector256<float> w2, out Vector256<float> w3);
                a0 = Vector256.FusedMultiplyAdd(w0, xp, a0);
                a1 = Vector256.FusedMultiplyAdd(w1, xp, a1);
                a2 = Vector256.FusedMultiplyAdd(w2, xp, a2);
                a3 = Vector256.FusedMultiplyAdd(w3, xp, a3);
                wp = ref Unsafe.Add(ref wp, 2 * ColumnRows);
            }

            TLoad.StorePair256(e, a0, a1, ref y);
            TLoad.StorePair256(e, a2, a3, ref Unsafe.Add(ref y, ColumnRows));
            return;
        }

        TLoad.OrderPair256(ref Unsafe.Add(ref bias, 2 * ColumnRows), out Vector256<float> a4, out Vector256<float> a5);
        for (nint p = 0; p < k; p++)
        {
            Vector256<float> xp = Vector256.Create(Unsafe.Add(ref x, p));
            TLoad.LoadPair256(ref wp, 0, out Vector256<float> w0, out Vector256<float> w1);
            TLoad.LoadPair256(ref wp, ColumnRows, out Vector256<float> w2, out Vector256<float> w3);
            a0 = Vector256.FusedMultiplyAdd(w0, xp, a0);
            a1 = Vector256.FusedMultiplyAdd(w1, xp, a1);
            a2 = Vector256.FusedMultiplyAdd(w2, xp, a2);
            a3 = Vector256.FusedMultiplyAdd(w3, xp, a3);
            TLoad.LoadPair256(ref wp, 2 * ColumnRows, out w0, out w1);
            a4 = Vector256.FusedMultiplyAdd(w0, xp, a4);
            a5 = Vector256.FusedMultiplyAdd(w1, xp, a5);
            wp = ref Unsafe.Add(ref wp, 3 * ColumnRows);
        }

        TLoad.StorePair256(e, a0, a1, ref y);
        TLoad.StorePair256(e, a2, a3, ref Unsafe.Add(ref y, ColumnRows));
        TLoad.StorePair256(e, a4, a5, ref Unsafe.Add(ref y, 2 * ColumnRows));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Column1x1V256<TWeight, TLoad>(ref TWeight w, int stride, int k, ref float bias, ref float x, ref float y, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        TLoad.OrderPair256(ref bias, out Vector256<float> a0, out Vector256<float> a1);
        ref TWeight wp = ref w;
        for (nint p = 0; p < k; p++)
        {
            Vector256<float> xp = Vector256.Create(Unsafe.Add(ref x, p));
            TLoad.LoadPair256(ref wp, 0, out Vector256<float> w0, out Vector256<float> w1);
            a0 = Vector256.FusedMultiplyAdd(w0, xp, a0);
            a1 = Vector256.FusedMultiplyAdd(w1, xp, a1);
            wp = ref Unsafe.Add(ref wp, stride);
        }

        TLoad.StorePair256(e, a0, a1, ref y);
    }
}
