using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.MatrixProducts.MicroKernels;

namespace SimdBackprop.Kernels.Elementwise;

// 512-bit loops of the element-wise drivers. Entered only when length >= one vector. The tail is handled
// by re-doing the overlapping last vector; it is computed before the main loop stores anything, so exact
// in-place use stays correct. Elementwise.V256.cs and .V128.cs are the same loops at their widths.
internal static partial class ElementwiseDriver
{
    private static void Unary512<TOp>(TOp op, ref float x, ref float d, nuint length)
        where TOp : struct, IUnaryOperator
    {
        nuint w = (nuint)Vector512<float>.Count;
        nuint lastOffset = length - w;
        Vector512<float> last = op.Invoke(Vector512.LoadUnsafe(ref x, lastOffset));
        for (nuint i = 0; i < lastOffset; i += w)
        {
            op.Invoke(Vector512.LoadUnsafe(ref x, i)).StoreUnsafe(ref d, i);
        }

        last.StoreUnsafe(ref d, lastOffset);
    }

    private static void Binary512<TOp>(TOp op, ref float x, ref float y, ref float d, nuint length)
        where TOp : struct, IBinaryOperator
    {
        nuint w = (nuint)Vector512<float>.Count;
        nuint lastOffset = length - w;
        Vector512<float> last = op.Invoke(Vector512.LoadUnsafe(ref x, lastOffset), Vector512.LoadUnsafe(ref y, lastOffset));
        for (nuint i = 0; i < lastOffset; i += w)
        {
            op.Invoke(Vector512.LoadUnsafe(ref x, i), Vector512.LoadUnsafe(ref y, i)).StoreUnsafe(ref d, i);
        }

        last.StoreUnsafe(ref d, lastOffset);
    }

    private static void Ternary512<TOp>(TOp op, ref float x, ref float y, ref float z, ref float d, nuint length)
        where TOp : struct, ITernaryOperator
    {
        nuint w = (nuint)Vector512<float>.Count;
        nuint lastOffset = length - w;
        Vector512<float> last = op.Invoke(
            Vector512.LoadUnsafe(ref x, lastOffset), Vector512.LoadUnsafe(ref y, lastOffset), Vector512.LoadUnsafe(ref z, lastOffset));
        for (nuint i = 0; i < lastOffset; i += w)
        {
            op.Invoke(Vector512.LoadUnsafe(ref x, i), Vector512.LoadUnsafe(ref y, i), Vector512.LoadUnsafe(ref z, i)).StoreUnsafe(ref d, i);
        }

        last.StoreUnsafe(ref d, lastOffset);
    }

    private static float SumBinary512<TOp>(TOp op, ref float x, ref float y, nuint length)
        where TOp : struct, IBinaryOperator
    {
        nuint w = (nuint)Vector512<float>.Count;
        Vector512<float> sum = Vector512<float>.Zero;
        nuint i = 0;
        for (; i + w <= length; i += w)
        {
            sum += op.Invoke(Vector512.LoadUnsafe(ref x, i), Vector512.LoadUnsafe(ref y, i));
        }

        if (i < length)
        {
            // Masked tail: re-do the last vector, keep only the lanes the loop has not summed yet.
            nuint lastOffset = length - w;
            Vector512<float> tail = op.Invoke(Vector512.LoadUnsafe(ref x, lastOffset), Vector512.LoadUnsafe(ref y, lastOffset));
            Vector512<int> fresh = Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create((int)(i - lastOffset)));
            sum += tail & fresh.AsSingle();
        }

        return Vector512.Sum(sum);
    }
}
