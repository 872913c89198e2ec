using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.PackedLayer;

internal static partial class PackedLayerKernel
{
    // The register tiles (Column*) are generated: PackedLayerKernel.V256.g.cs, Generator/packed_tiles.py.
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

                // One sample: every column of the block at once, one pair of chains per column.
                switch (width / ColumnRows)
                {
                    case 1:
                        Column1x1V256<TWeight, TLoad>(ref block, width, k, ref Unsafe.Add(ref bias, b0), ref xr, ldx, ref yr, ldy, e);
                        break;
                    case 2:
                        Column2x1V256<TWeight, TLoad>(ref block, width, k, ref Unsafe.Add(ref bias, b0), ref xr, ldx, ref yr, ldy, e);
                        break;
                    case 3:
                        Column3x1V256<TWeight, TLoad>(ref block, width, k, ref Unsafe.Add(ref bias, b0), ref xr, ldx, ref yr, ldy, e);
                        break;
                    default:
                        Column4x1V256<TWeight, TLoad>(ref block, width, k, ref Unsafe.Add(ref bias, b0), ref xr, ldx, ref yr, ldy, e);
                        break;
                }
            }
        }
    }
}
