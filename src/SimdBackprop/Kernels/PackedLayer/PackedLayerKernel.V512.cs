using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.PackedLayer;

internal static partial class PackedLayerKernel
{
    // The register tiles (Block*, Column*) are generated: PackedLayerKernel.V512.g.cs, Generator/packed_tiles.py.
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
                Block16x1V512<TWeight, TLoad>(ref Unsafe.Add(ref w, (nint)b0 * k), k, ref Unsafe.Add(ref bias, b0), ref x, ldx, ref Unsafe.Add(ref y, b0), ldy, e);
            }

            // Then two full blocks at once, 8 FMA chains, to cover the FMA latency while streaming.
            for (; b0 + (2 * BlockRows) <= rows; b0 += 2 * BlockRows)
            {
                Block8x1V512<TWeight, TLoad>(ref Unsafe.Add(ref w, (nint)b0 * k), k, ref Unsafe.Add(ref bias, b0), ref x, ldx, ref Unsafe.Add(ref y, b0), ldy, e);
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
                    Block2x8V512<TWeight, TLoad>(ref block, k, ref blockBias, ref xs, ldx, ref yr, ldy, e);
                    Block2x8V512<TWeight, TLoad>(ref Unsafe.Add(ref block, 2 * ColumnRows), k, ref Unsafe.Add(ref blockBias, 2 * ColumnRows), ref xs, ldx, ref Unsafe.Add(ref yr, 2 * ColumnRows), ldy, e);
                }

                // The rest (one to seven samples) in one pass over the block's weights: up to six samples × four
                // columns (24 accumulators, 4 weights, 1 broadcast of 32 zmm), seven as two halves.
                ref float xRest = ref Unsafe.Add(ref x, (nint)s * ldx);
                ref float yRest = ref Unsafe.Add(ref yb, (nint)s * ldy);
                switch (batch - s)
                {
                    case 7:
                        // Seven × four columns would need 33 zmm: each half of the block for all seven instead.
                        Block2x7V512<TWeight, TLoad>(ref block, k, ref blockBias, ref xRest, ldx, ref yRest, ldy, e);
                        Block2x7V512<TWeight, TLoad>(ref Unsafe.Add(ref block, 2 * ColumnRows), k, ref Unsafe.Add(ref blockBias, 2 * ColumnRows), ref xRest, ldx, ref Unsafe.Add(ref yRest, 2 * ColumnRows), ldy, e);
                        break;
                    case 6:
                        Block4x6V512<TWeight, TLoad>(ref block, k, ref blockBias, ref xRest, ldx, ref yRest, ldy, e);
                        break;
                    case 5:
                        Block4x5V512<TWeight, TLoad>(ref block, k, ref blockBias, ref xRest, ldx, ref yRest, ldy, e);
                        break;
                    case 4:
                        Block4x4V512<TWeight, TLoad>(ref block, k, ref blockBias, ref xRest, ldx, ref yRest, ldy, e);
                        break;
                    case 3:
                        Block4x3V512<TWeight, TLoad>(ref block, k, ref blockBias, ref xRest, ldx, ref yRest, ldy, e);
                        break;
                    case 2:
                        Block4x2V512<TWeight, TLoad>(ref block, k, ref blockBias, ref xRest, ldx, ref yRest, ldy, e);
                        break;
                    case 1:
                        Block4x1V512<TWeight, TLoad>(ref block, k, ref blockBias, ref xRest, ldx, ref yRest, ldy, e);
                        break;
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

                // The last one to three samples together, all the block's columns at once: one chain per column and
                // sample in flight instead of one chain at a time.
                if (singles < batch)
                {
                    PartialBlockV512<TWeight, TLoad>(ref block, width, k, ref blockBias, ref Unsafe.Add(ref x, (nint)singles * ldx), ldx, ref Unsafe.Add(ref yb, (nint)singles * ldy), ldy, batch - singles, e);
                }
            }
        }
    }
}
