using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.MatrixProducts.MicroKernels;

namespace SimdBackprop.Kernels.MatrixProducts;

/// <summary>
/// Two rows of C at a time for the row-by-row path (m = 2 … 4): each load of W feeds both rows, so W, the
/// large operand, streams through the cache half as often as with one matrix-vector product per row.
/// </summary>
internal static partial class GemmSmall
{
    /// <summary>
    /// y0[r] = α·(x0 · W[r, :]) + β·y0[r] and the same for x1, y1, for r &lt; rows: four rows of W × two
    /// vectors x = eight independent FMA chains, six loads per eight FMAs.
    /// </summary>
    /// <remarks>x0, x1: k contiguous floats each. w: rows×k, rows ldw apart. y0, y1: rows contiguous floats each.</remarks>
    public static void DotRowsPair<TK, TV>(ref float x0, ref float x1, nuint k, ref float w, nuint ldw, nuint rows, ref float y0, ref float y1, float alpha, float beta)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        nuint width = (nuint)TK.Width;
        nuint vectors = k & ~(width - 1); // k rounded down to whole vectors
        nuint r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            ref float w0 = ref Unsafe.Add(ref w, r * ldw);
            ref float w1 = ref Unsafe.Add(ref w0, ldw);
            ref float w2 = ref Unsafe.Add(ref w1, ldw);
            ref float w3 = ref Unsafe.Add(ref w2, ldw);
            TV s00 = TK.Zero, s01 = TK.Zero, s02 = TK.Zero, s03 = TK.Zero; // x0 · rows r … r+3
            TV s10 = TK.Zero, s11 = TK.Zero, s12 = TK.Zero, s13 = TK.Zero; // x1 · rows r … r+3
            nuint p = 0;
            for (; p < vectors; p += width)
            {
                TV a0 = TK.Load(ref x0, p), a1 = TK.Load(ref x1, p);
                TV v0 = TK.Load(ref w0, p);
                s00 = TK.MulAdd(a0, v0, s00);
                s10 = TK.MulAdd(a1, v0, s10);
                TV v1 = TK.Load(ref w1, p);
                s01 = TK.MulAdd(a0, v1, s01);
                s11 = TK.MulAdd(a1, v1, s11);
                TV v2 = TK.Load(ref w2, p);
                s02 = TK.MulAdd(a0, v2, s02);
                s12 = TK.MulAdd(a1, v2, s12);
                TV v3 = TK.Load(ref w3, p);
                s03 = TK.MulAdd(a0, v3, s03);
                s13 = TK.MulAdd(a1, v3, s13);
            }

            Vector128<float> sums0 = TK.Sum4(s00, s01, s02, s03), sums1 = TK.Sum4(s10, s11, s12, s13);
            float d00 = sums0.GetElement(0), d01 = sums0.GetElement(1), d02 = sums0.GetElement(2), d03 = sums0.GetElement(3);
            float d10 = sums1.GetElement(0), d11 = sums1.GetElement(1), d12 = sums1.GetElement(2), d13 = sums1.GetElement(3);
            for (; p < k; p++)
            {
                float a0 = Unsafe.Add(ref x0, p), a1 = Unsafe.Add(ref x1, p);
                float v0 = Unsafe.Add(ref w0, p), v1 = Unsafe.Add(ref w1, p), v2 = Unsafe.Add(ref w2, p), v3 = Unsafe.Add(ref w3, p);
                d00 += a0 * v0;
                d01 += a0 * v1;
                d02 += a0 * v2;
                d03 += a0 * v3;
                d10 += a1 * v0;
                d11 += a1 * v1;
                d12 += a1 * v2;
                d13 += a1 * v3;
            }

            Write(ref Unsafe.Add(ref y0, r), d00, alpha, beta);
            Write(ref Unsafe.Add(ref y0, r + 1), d01, alpha, beta);
            Write(ref Unsafe.Add(ref y0, r + 2), d02, alpha, beta);
            Write(ref Unsafe.Add(ref y0, r + 3), d03, alpha, beta);
            Write(ref Unsafe.Add(ref y1, r), d10, alpha, beta);
            Write(ref Unsafe.Add(ref y1, r + 1), d11, alpha, beta);
            Write(ref Unsafe.Add(ref y1, r + 2), d12, alpha, beta);
            Write(ref Unsafe.Add(ref y1, r + 3), d13, alpha, beta);
        }

        // The last rows of W (fewer than four): one product per output.
        nuint left = rows - r;
        if (left > 0)
        {
            DotRows<TK, TV>(ref x0, k, ref Unsafe.Add(ref w, r * ldw), ldw, left, ref Unsafe.Add(ref y0, r), 1, alpha, beta);
            DotRows<TK, TV>(ref x1, k, ref Unsafe.Add(ref w, r * ldw), ldw, left, ref Unsafe.Add(ref y1, r), 1, alpha, beta);
        }
    }

    /// <summary>
    /// y0 = α·x0ᵀ·W + β·y0 and y1 = α·x1ᵀ·W + β·y1: a strip of four vectors of both outputs (eight
    /// accumulators) held in registers over all k rows of W; each vector of W loaded once for both.
    /// </summary>
    /// <remarks>x0, x1: k contiguous floats each. w: k×n, rows ldw apart. y0, y1: n contiguous floats each.</remarks>
    public static void AxpyRowsPair<TK, TV>(ref float x0, ref float x1, nuint k, ref float w, nuint ldw, nuint n, ref float y0, ref float y1, float alpha, float beta)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        nuint width = (nuint)TK.Width;
        nuint strip = 4 * width;
        nuint j = 0;
        for (; j + strip <= n; j += strip)
        {
            TV u0 = TK.Zero, u1 = TK.Zero, u2 = TK.Zero, u3 = TK.Zero; // y0[j … j+strip]
            TV t0 = TK.Zero, t1 = TK.Zero, t2 = TK.Zero, t3 = TK.Zero; // y1[j … j+strip]
            ref float column = ref Unsafe.Add(ref w, j);
            for (nuint p = 0; p < k; p++)
            {
                TV a0 = TK.Broadcast(Unsafe.Add(ref x0, p)), a1 = TK.Broadcast(Unsafe.Add(ref x1, p));
                ref float row = ref Unsafe.Add(ref column, p * ldw);
                TV v0 = TK.Load(ref row, 0);
                u0 = TK.MulAdd(a0, v0, u0);
                t0 = TK.MulAdd(a1, v0, t0);
                TV v1 = TK.Load(ref row, width);
                u1 = TK.MulAdd(a0, v1, u1);
                t1 = TK.MulAdd(a1, v1, t1);
                TV v2 = TK.Load(ref row, 2 * width);
                u2 = TK.MulAdd(a0, v2, u2);
                t2 = TK.MulAdd(a1, v2, t2);
                TV v3 = TK.Load(ref row, 3 * width);
                u3 = TK.MulAdd(a0, v3, u3);
                t3 = TK.MulAdd(a1, v3, t3);
            }

            ref float out0 = ref Unsafe.Add(ref y0, j);
            ref float out1 = ref Unsafe.Add(ref y1, j);
            WriteVector<TK, TV>(ref out0, 0, u0, alpha, beta);
            WriteVector<TK, TV>(ref out0, width, u1, alpha, beta);
            WriteVector<TK, TV>(ref out0, 2 * width, u2, alpha, beta);
            WriteVector<TK, TV>(ref out0, 3 * width, u3, alpha, beta);
            WriteVector<TK, TV>(ref out1, 0, t0, alpha, beta);
            WriteVector<TK, TV>(ref out1, width, t1, alpha, beta);
            WriteVector<TK, TV>(ref out1, 2 * width, t2, alpha, beta);
            WriteVector<TK, TV>(ref out1, 3 * width, t3, alpha, beta);
        }

        // The last columns (fewer than a strip): one product per output.
        if (j < n)
        {
            AxpyRows<TK, TV>(ref x0, k, ref Unsafe.Add(ref w, j), ldw, n - j, ref Unsafe.Add(ref y0, j), alpha, beta);
            AxpyRows<TK, TV>(ref x1, k, ref Unsafe.Add(ref w, j), ldw, n - j, ref Unsafe.Add(ref y1, j), alpha, beta);
        }
    }
}
