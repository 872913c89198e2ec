using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.MathFunctions;

namespace SimdBackprop.Kernels.PackedLayer;

internal static partial class PackedLayerKernel
{
    // A 16-row column is four xmm: four FMA chains per column, one sample and one column at a time.
    // MultiplyAdd: fused where FMA exists (this tier also serves SSE-only machines, which lack it).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Forward128<TWeight, TLoad>(ref TWeight w, ref float bias, int rows, int k, ref float x, int ldx, int batch, ref float y, int ldy, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        for (int b0 = 0; b0 < rows; b0 += BlockRows)
        {
            int width = Math.Min(BlockRows, rows - b0);
            ref TWeight block = ref Unsafe.Add(ref w, (nint)b0 * k);
            for (int s = 0; s < batch; s++)
            {
                ref float xs = ref Unsafe.Add(ref x, (nint)s * ldx);
                ref float ys = ref Unsafe.Add(ref y, ((nint)s * ldy) + b0);
                for (int c = 0; c < width; c += ColumnRows)
                {
                    Column1x1V128<TWeight, TLoad>(ref Unsafe.Add(ref block, c), width, k, ref Unsafe.Add(ref bias, b0 + c), ref xs, ref Unsafe.Add(ref ys, c), e);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Column1x1V128<TWeight, TLoad>(ref TWeight w, int stride, int k, ref float bias, ref float x, ref float y, PackedLayerEpilogue e)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        Vector128<float> a0 = Vector128.LoadUnsafe(ref bias), a1 = Vector128.LoadUnsafe(ref bias, 4);
        Vector128<float> a2 = Vector128.LoadUnsafe(ref bias, 8), a3 = Vector128.LoadUnsafe(ref bias, 12);
        ref TWeight wp = ref w;
        for (nint p = 0; p < k; p++)
        {
            Vector128<float> xp = Vector128.Create(Unsafe.Add(ref x, p));
            a0 = MultiplyAdd.Invoke(TLoad.Load128(ref wp, 0), xp, a0);
            a1 = MultiplyAdd.Invoke(TLoad.Load128(ref wp, 4), xp, a1);
            a2 = MultiplyAdd.Invoke(TLoad.Load128(ref wp, 8), xp, a2);
            a3 = MultiplyAdd.Invoke(TLoad.Load128(ref wp, 12), xp, a3);
            wp = ref Unsafe.Add(ref wp, stride);
        }

        e.Apply(a0).StoreUnsafe(ref y);
        e.Apply(a1).StoreUnsafe(ref y, 4);
        e.Apply(a2).StoreUnsafe(ref y, 8);
        e.Apply(a3).StoreUnsafe(ref y, 12);
    }
}
