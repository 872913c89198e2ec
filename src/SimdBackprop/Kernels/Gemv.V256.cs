using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels;

internal static partial class Gemv
{
    // A 16-row column is two ymm; a full block (4 columns) keeps 8 FMA chains for one sample, within the
    // 16 ymm of an AVX2 machine. Samples run one after another (this tier is the fallback, not the target).
    private static void Forward256(ref float w, ref float bias, int rows, int k, ref float x, int ldx, int batch, ref float y, int ldy, Epilogue e)
    {
        for (int b0 = 0; b0 < rows; b0 += BlockRows)
        {
            int width = Math.Min(BlockRows, rows - b0);
            ref float block = ref Unsafe.Add(ref w, (nint)b0 * k);
            for (int s = 0; s < batch; s++)
            {
                ref float xs = ref Unsafe.Add(ref x, (nint)s * ldx);
                ref float ys = ref Unsafe.Add(ref y, ((nint)s * ldy) + b0);
                if (width == BlockRows)
                {
                    Block4x1V256(ref block, k, ref Unsafe.Add(ref bias, b0), ref xs, ref ys, e);
                }
                else
                {
                    for (int c = 0; c < width; c += ColumnRows)
                    {
                        Column1x1V256(ref Unsafe.Add(ref block, c), width, k, ref Unsafe.Add(ref bias, b0 + c), ref xs, ref Unsafe.Add(ref ys, c), e);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x1V256(ref float w, int k, ref float bias, ref float x, ref float y, Epilogue e)
    {
        Vector256<float> a0 = Vector256.LoadUnsafe(ref bias), a1 = Vector256.LoadUnsafe(ref bias, 8);
        Vector256<float> a2 = Vector256.LoadUnsafe(ref bias, 16), a3 = Vector256.LoadUnsafe(ref bias, 24);
        Vector256<float> a4 = Vector256.LoadUnsafe(ref bias, 32), a5 = Vector256.LoadUnsafe(ref bias, 40);
        Vector256<float> a6 = Vector256.LoadUnsafe(ref bias, 48), a7 = Vector256.LoadUnsafe(ref bias, 56);
        ref float wp = ref w;
        for (nint p = 0; p < k; p++)
        {
            Vector256<float> xp = Vector256.Create(Unsafe.Add(ref x, p));
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wp), xp, a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wp, 8), xp, a1);
            a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wp, 16), xp, a2);
            a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wp, 24), xp, a3);
            a4 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wp, 32), xp, a4);
            a5 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wp, 40), xp, a5);
            a6 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wp, 48), xp, a6);
            a7 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wp, 56), xp, a7);
            wp = ref Unsafe.Add(ref wp, BlockRows);
        }

        e.Apply(a0).StoreUnsafe(ref y);
        e.Apply(a1).StoreUnsafe(ref y, 8);
        e.Apply(a2).StoreUnsafe(ref y, 16);
        e.Apply(a3).StoreUnsafe(ref y, 24);
        e.Apply(a4).StoreUnsafe(ref y, 32);
        e.Apply(a5).StoreUnsafe(ref y, 40);
        e.Apply(a6).StoreUnsafe(ref y, 48);
        e.Apply(a7).StoreUnsafe(ref y, 56);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Column1x1V256(ref float w, int stride, int k, ref float bias, ref float x, ref float y, Epilogue e)
    {
        Vector256<float> a0 = Vector256.LoadUnsafe(ref bias), a1 = Vector256.LoadUnsafe(ref bias, 8);
        ref float wp = ref w;
        for (nint p = 0; p < k; p++)
        {
            Vector256<float> xp = Vector256.Create(Unsafe.Add(ref x, p));
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wp), xp, a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wp, 8), xp, a1);
            wp = ref Unsafe.Add(ref wp, stride);
        }

        e.Apply(a0).StoreUnsafe(ref y);
        e.Apply(a1).StoreUnsafe(ref y, 8);
    }
}
