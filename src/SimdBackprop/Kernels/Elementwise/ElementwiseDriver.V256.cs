using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.MatrixProducts.MicroKernels;

namespace SimdBackprop.Kernels.Elementwise;

// 256-bit loops of the element-wise drivers: the same as Elementwise.V512.cs at half the width.
internal static partial class ElementwiseDriver
{
    private static void Unary256<TOp>(TOp op, ref float x, ref float d, nuint length)
        where TOp : struct, IUnaryOperator
    {
        nuint w = (nuint)Vector256<float>.Count;
        nuint lastOffset = length - w;
        Vector256<float> last = op.Invoke(Vector256.LoadUnsafe(ref x, lastOffset));
        for (nuint i = 0; i < lastOffset; i += w)
        {
            op.Invoke(Vector256.LoadUnsafe(ref x, i)).StoreUnsafe(ref d, i);
        }

        last.StoreUnsafe(ref d, lastOffset);
    }

    private static void Binary256<TOp>(TOp op, ref float x, ref float y, ref float d, nuint length)
        where TOp : struct, IBinaryOperator
    {
        nuint w = (nuint)Vector256<float>.Count;
        nuint lastOffset = length - w;
        Vector256<float> last = op.Invoke(Vector256.LoadUnsafe(ref x, lastOffset), Vector256.LoadUnsafe(ref y, lastOffset));
        for (nuint i = 0; i < lastOffset; i += w)
        {
            op.Invoke(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i)).StoreUnsafe(ref d, i);
        }

        last.StoreUnsafe(ref d, lastOffset);
    }

    private static void Ternary256<TOp>(TOp op, ref float x, ref float y, ref float z, ref float d, nuint length)
        where TOp : struct, ITernaryOperator
    {
        nuint w = (nuint)Vector256<float>.Count;
        nuint lastOffset = length - w;
        Vector256<float> last = op.Invoke(
            Vector256.LoadUnsafe(ref x, lastOffset), Vector256.LoadUnsafe(ref y, lastOffset), Vector256.LoadUnsafe(ref z, lastOffset));
        for (nuint i = 0; i < lastOffset; i += w)
        {
            op.Invoke(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i), Vector256.LoadUnsafe(ref z, i)).StoreUnsafe(ref d, i);
        }

        last.StoreUnsafe(ref d, lastOffset);
    }

    private static float SumBinary256<TOp>(TOp op, ref float x, ref float y, nuint length)
        where TOp : struct, IBinaryOperator
    {
        nuint w = (nuint)Vector256<float>.Count;
        Vector256<float> sum = Vector256<float>.Zero;
        nuint i = 0;
        for (; i + w <= length; i += w)
        {
            sum += op.Invoke(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i));
        }

        if (i < length)
        {
            // Masked tail: re-do the last vector, keep only the lanes the loop has not summed yet.
            nuint lastOffset = length - w;
            Vector256<float> tail = op.Invoke(Vector256.LoadUnsafe(ref x, lastOffset), Vector256.LoadUnsafe(ref y, lastOffset));
            Vector256<int> fresh = Vector256.GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create((int)(i - lastOffset)));
            sum += tail & fresh.AsSingle();
        }

        return Vector256.Sum(sum);
    }
}
