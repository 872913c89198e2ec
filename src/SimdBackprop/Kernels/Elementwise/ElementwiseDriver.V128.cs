using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.MatrixProducts.MicroKernels;

namespace SimdBackprop.Kernels.Elementwise;

// 128-bit loops of the element-wise drivers: the same as Elementwise.V512.cs at a quarter of the width.
internal static partial class ElementwiseDriver
{
    private static void Unary128<TOp>(TOp op, ref float x, ref float d, nuint length)
        where TOp : struct, IUnaryOperator
    {
        nuint w = (nuint)Vector128<float>.Count;
        nuint lastOffset = length - w;
        Vector128<float> last = op.Invoke(Vector128.LoadUnsafe(ref x, lastOffset));
        for (nuint i = 0; i < lastOffset; i += w)
        {
            op.Invoke(Vector128.LoadUnsafe(ref x, i)).StoreUnsafe(ref d, i);
        }

        last.StoreUnsafe(ref d, lastOffset);
    }

    private static void Binary128<TOp>(TOp op, ref float x, ref float y, ref float d, nuint length)
        where TOp : struct, IBinaryOperator
    {
        nuint w = (nuint)Vector128<float>.Count;
        nuint lastOffset = length - w;
        Vector128<float> last = op.Invoke(Vector128.LoadUnsafe(ref x, lastOffset), Vector128.LoadUnsafe(ref y, lastOffset));
        for (nuint i = 0; i < lastOffset; i += w)
        {
            op.Invoke(Vector128.LoadUnsafe(ref x, i), Vector128.LoadUnsafe(ref y, i)).StoreUnsafe(ref d, i);
        }

        last.StoreUnsafe(ref d, lastOffset);
    }

    private static void Ternary128<TOp>(TOp op, ref float x, ref float y, ref float z, ref float d, nuint length)
        where TOp : struct, ITernaryOperator
    {
        nuint w = (nuint)Vector128<float>.Count;
        nuint lastOffset = length - w;
        Vector128<float> last = op.Invoke(
            Vector128.LoadUnsafe(ref x, lastOffset), Vector128.LoadUnsafe(ref y, lastOffset), Vector128.LoadUnsafe(ref z, lastOffset));
        for (nuint i = 0; i < lastOffset; i += w)
        {
            op.Invoke(Vector128.LoadUnsafe(ref x, i), Vector128.LoadUnsafe(ref y, i), Vector128.LoadUnsafe(ref z, i)).StoreUnsafe(ref d, i);
        }

        last.StoreUnsafe(ref d, lastOffset);
    }

    private static float SumBinary128<TOp>(TOp op, ref float x, ref float y, nuint length)
        where TOp : struct, IBinaryOperator
    {
        nuint w = (nuint)Vector128<float>.Count;
        Vector128<float> sum = Vector128<float>.Zero;
        nuint i = 0;
        for (; i + w <= length; i += w)
        {
            sum += op.Invoke(Vector128.LoadUnsafe(ref x, i), Vector128.LoadUnsafe(ref y, i));
        }

        if (i < length)
        {
            // Masked tail: re-do the last vector, keep only the lanes the loop has not summed yet.
            nuint lastOffset = length - w;
            Vector128<float> tail = op.Invoke(Vector128.LoadUnsafe(ref x, lastOffset), Vector128.LoadUnsafe(ref y, lastOffset));
            Vector128<int> fresh = Vector128.GreaterThanOrEqual(Vector128<int>.Indices, Vector128.Create((int)(i - lastOffset)));
            sum += tail & fresh.AsSingle();
        }

        return Vector128.Sum(sum);
    }
}
