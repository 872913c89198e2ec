using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.MatrixProducts.MicroKernels;

namespace SimdBackprop.Kernels.MatrixProducts;

/// <summary>
/// GEMM shapes where packing would cost more than it saves (BLIS's "sup" path), run straight from the
/// caller's memory: matrix-vector products for batch 1 (m = 1) and single columns (n = 1), the rank-1 update
/// of k = 1 (a weight gradient at batch 1), and row-by-row matrix-vector products for a few rows.
/// Written once over the width's vector operations (<see cref="IGemmKernel{TVec}"/>).
/// </summary>
internal static partial class GemmSmall
{
    /// <summary>
    /// y[r·incy] = α·(x · W[r, :]) + β·y[r·incy] for r &lt; rows: dot products of x with rows of W (forward
    /// at batch 1, x·Wᵀ). Four rows at a time, two vectors each, so eight independent FMA chains hide the
    /// FMA latency and x is loaded once per four rows; the four sums share one reduction (<see cref="IGemmKernel{TVec}.Sum4"/>).
    /// </summary>
    /// <remarks>x: k contiguous floats. w: rows×k, rows ldw apart.</remarks>
    public static void DotRows<TK, TV>(ref float x, nuint k, ref float w, nuint ldw, nuint rows, ref float y, nuint incy, float alpha, float beta)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        nuint width = (nuint)TK.Width;
        nuint pairs = k & ~((2 * width) - 1); // k rounded down to whole pairs of vectors
        nuint vectors = k & ~(width - 1); // k rounded down to whole vectors
        nuint r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            ref float w0 = ref Unsafe.Add(ref w, r * ldw);
            ref float w1 = ref Unsafe.Add(ref w0, ldw);
            ref float w2 = ref Unsafe.Add(ref w1, ldw);
            ref float w3 = ref Unsafe.Add(ref w2, ldw);
            TV s0 = TK.Zero, s1 = TK.Zero, s2 = TK.Zero, s3 = TK.Zero;
            TV t0 = TK.Zero, t1 = TK.Zero, t2 = TK.Zero, t3 = TK.Zero;
            nuint p = 0;
            for (; p < pairs; p += 2 * width)
            {
                TV xa = TK.Load(ref x, p);
                TV xb = TK.Load(ref x, p + width);
                s0 = TK.MulAdd(xa, TK.Load(ref w0, p), s0);
                t0 = TK.MulAdd(xb, TK.Load(ref w0, p + width), t0);
                s1 = TK.MulAdd(xa, TK.Load(ref w1, p), s1);
                t1 = TK.MulAdd(xb, TK.Load(ref w1, p + width), t1);
                s2 = TK.MulAdd(xa, TK.Load(ref w2, p), s2);
                t2 = TK.MulAdd(xb, TK.Load(ref w2, p + width), t2);
                s3 = TK.MulAdd(xa, TK.Load(ref w3, p), s3);
                t3 = TK.MulAdd(xb, TK.Load(ref w3, p + width), t3);
            }

            for (; p < vectors; p += width)
            {
                TV xa = TK.Load(ref x, p);
                s0 = TK.MulAdd(xa, TK.Load(ref w0, p), s0);
                s1 = TK.MulAdd(xa, TK.Load(ref w1, p), s1);
                s2 = TK.MulAdd(xa, TK.Load(ref w2, p), s2);
                s3 = TK.MulAdd(xa, TK.Load(ref w3, p), s3);
            }

            // One reduction tree for the four rows: four separate lane sums cost the batch-1 forward 10–27 %.
            Vector128<float> sums = TK.Sum4(TK.Add(s0, t0), TK.Add(s1, t1), TK.Add(s2, t2), TK.Add(s3, t3));
            float d0 = sums.GetElement(0), d1 = sums.GetElement(1), d2 = sums.GetElement(2), d3 = sums.GetElement(3);
            for (; p < k; p++)
            {
                float xv = Unsafe.Add(ref x, p);
                d0 += xv * Unsafe.Add(ref w0, p);
                d1 += xv * Unsafe.Add(ref w1, p);
                d2 += xv * Unsafe.Add(ref w2, p);
                d3 += xv * Unsafe.Add(ref w3, p);
            }

            Write(ref Unsafe.Add(ref y, r * incy), d0, alpha, beta);
            Write(ref Unsafe.Add(ref y, (r + 1) * incy), d1, alpha, beta);
            Write(ref Unsafe.Add(ref y, (r + 2) * incy), d2, alpha, beta);
            Write(ref Unsafe.Add(ref y, (r + 3) * incy), d3, alpha, beta);
        }

        for (; r < rows; r++)
        {
            ref float w0 = ref Unsafe.Add(ref w, r * ldw);
            TV s0 = TK.Zero, t0 = TK.Zero;
            nuint p = 0;
            for (; p < pairs; p += 2 * width)
            {
                s0 = TK.MulAdd(TK.Load(ref x, p), TK.Load(ref w0, p), s0);
                t0 = TK.MulAdd(TK.Load(ref x, p + width), TK.Load(ref w0, p + width), t0);
            }

            for (; p < vectors; p += width)
            {
                s0 = TK.MulAdd(TK.Load(ref x, p), TK.Load(ref w0, p), s0);
            }

            float d0 = TK.Sum(TK.Add(s0, t0));
            for (; p < k; p++)
            {
                d0 += Unsafe.Add(ref x, p) * Unsafe.Add(ref w0, p);
            }

            Write(ref Unsafe.Add(ref y, r * incy), d0, alpha, beta);
        }
    }

    /// <summary>
    /// <see cref="AxpyRows{TK, TV}"/> for a W larger than L2: y is scaled by β first (zeroed when β = 0, so NaN
    /// there is ignored) and then accumulates four rows of W at a time, α folded into x, so W streams through
    /// once front to back while y stays in L1. Column strips held in registers (the other variant) walk W
    /// down its columns, a 4·ldw-byte stride, which from L3 costs a page and a cache set per row; with W in L2
    /// the strips stay ahead.
    /// </summary>
    private static void AxpyRowsStreaming<TK, TV>(ref float x, nuint k, ref float w, nuint ldw, nuint n, ref float y, float alpha, float beta)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        nuint width = (nuint)TK.Width;
        nuint vectors = n & ~(width - 1);
        GemmDriver.ScaleC(1, (int)n, beta, ref y, n); // y ← β·y (n floats against k·n multiply-adds)
        nuint j;
        nuint p = 0;
        for (; p + 4 <= k; p += 4)
        {
            float a0 = alpha * Unsafe.Add(ref x, p), a1 = alpha * Unsafe.Add(ref x, p + 1);
            float a2 = alpha * Unsafe.Add(ref x, p + 2), a3 = alpha * Unsafe.Add(ref x, p + 3);
            TV x0 = TK.Broadcast(a0), x1 = TK.Broadcast(a1), x2 = TK.Broadcast(a2), x3 = TK.Broadcast(a3);
            ref float w0 = ref Unsafe.Add(ref w, p * ldw);
            ref float w1 = ref Unsafe.Add(ref w0, ldw);
            ref float w2 = ref Unsafe.Add(ref w1, ldw);
            ref float w3 = ref Unsafe.Add(ref w2, ldw);
            for (j = 0; j < vectors; j += width)
            {
                TV sum = TK.MulAdd(x0, TK.Load(ref w0, j), TK.Load(ref y, j));
                sum = TK.MulAdd(x1, TK.Load(ref w1, j), sum);
                sum = TK.MulAdd(x2, TK.Load(ref w2, j), sum);
                TK.Store(TK.MulAdd(x3, TK.Load(ref w3, j), sum), ref y, j);
            }

            for (; j < n; j++)
            {
                Unsafe.Add(ref y, j) += (a0 * Unsafe.Add(ref w0, j)) + (a1 * Unsafe.Add(ref w1, j)) + (a2 * Unsafe.Add(ref w2, j)) + (a3 * Unsafe.Add(ref w3, j));
            }
        }

        for (; p < k; p++)
        {
            float a0 = alpha * Unsafe.Add(ref x, p);
            TV x0 = TK.Broadcast(a0);
            ref float w0 = ref Unsafe.Add(ref w, p * ldw);
            for (j = 0; j < vectors; j += width)
            {
                TK.Store(TK.MulAdd(x0, TK.Load(ref w0, j), TK.Load(ref y, j)), ref y, j);
            }

            for (; j < n; j++)
            {
                Unsafe.Add(ref y, j) += a0 * Unsafe.Add(ref w0, j);
            }
        }
    }

    /// <summary>
    /// y[0 … n] = α·Σ_p x[p]·W[p, :] + β·y: a combination of the rows of W (delta propagation at batch 1,
    /// δ·W). A strip of y is held in registers over all k rows, so y is read and written once and the strip's
    /// FMA chains run side by side: sixteen vectors where there are 32 vector registers and 512-bit vectors
    /// (<see cref="AxpyStrip16{TK, TV}"/>), then eight; then single vectors; then single columns.
    /// </summary>
    /// <remarks>x: k contiguous floats. w: k×n, rows ldw apart. y: n contiguous floats.</remarks>
    public static void AxpyRows<TK, TV>(ref float x, nuint k, ref float w, nuint ldw, nuint n, ref float y, float alpha, float beta)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        if ((long)k * (long)n * sizeof(float) > TK.Blocking.L2Bytes)
        {
            AxpyRowsStreaming<TK, TV>(ref x, k, ref w, ldw, n, ref y, alpha, beta);
            return;
        }

        nuint width = (nuint)TK.Width;
        nuint strip = 8 * width;
        nuint j = 0;
        if (TK.Width == 16)
        {
            for (; j + (2 * strip) <= n; j += 2 * strip)
            {
                AxpyStrip16<TK, TV>(ref x, k, ref Unsafe.Add(ref w, j), ldw, ref Unsafe.Add(ref y, j), alpha, beta);
            }
        }

        for (; j + strip <= n; j += strip)
        {
            TV y0 = TK.Zero, y1 = TK.Zero, y2 = TK.Zero, y3 = TK.Zero, y4 = TK.Zero, y5 = TK.Zero, y6 = TK.Zero, y7 = TK.Zero;
            ref float column = ref Unsafe.Add(ref w, j);
            for (nuint p = 0; p < k; p++)
            {
                TV xp = TK.Broadcast(Unsafe.Add(ref x, p));
                ref float row = ref Unsafe.Add(ref column, p * ldw);
                y0 = TK.MulAdd(xp, TK.Load(ref row, 0), y0);
                y1 = TK.MulAdd(xp, TK.Load(ref row, width), y1);
                y2 = TK.MulAdd(xp, TK.Load(ref row, 2 * width), y2);
                y3 = TK.MulAdd(xp, TK.Load(ref row, 3 * width), y3);
                y4 = TK.MulAdd(xp, TK.Load(ref row, 4 * width), y4);
                y5 = TK.MulAdd(xp, TK.Load(ref row, 5 * width), y5);
                y6 = TK.MulAdd(xp, TK.Load(ref row, 6 * width), y6);
                y7 = TK.MulAdd(xp, TK.Load(ref row, 7 * width), y7);
            }

            ref float out0 = ref Unsafe.Add(ref y, j);
            WriteVector<TK, TV>(ref out0, 0, y0, alpha, beta);
            WriteVector<TK, TV>(ref out0, width, y1, alpha, beta);
            WriteVector<TK, TV>(ref out0, 2 * width, y2, alpha, beta);
            WriteVector<TK, TV>(ref out0, 3 * width, y3, alpha, beta);
            WriteVector<TK, TV>(ref out0, 4 * width, y4, alpha, beta);
            WriteVector<TK, TV>(ref out0, 5 * width, y5, alpha, beta);
            WriteVector<TK, TV>(ref out0, 6 * width, y6, alpha, beta);
            WriteVector<TK, TV>(ref out0, 7 * width, y7, alpha, beta);
        }

        for (; j + width <= n; j += width)
        {
            // Two chains over alternate rows, so a lone vector is not bound by the FMA latency.
            TV y0 = TK.Zero, y1 = TK.Zero;
            ref float column = ref Unsafe.Add(ref w, j);
            nuint p = 0;
            for (; p + 2 <= k; p += 2)
            {
                y0 = TK.MulAdd(TK.Broadcast(Unsafe.Add(ref x, p)), TK.Load(ref column, p * ldw), y0);
                y1 = TK.MulAdd(TK.Broadcast(Unsafe.Add(ref x, p + 1)), TK.Load(ref column, (p + 1) * ldw), y1);
            }

            if (p < k)
            {
                y0 = TK.MulAdd(TK.Broadcast(Unsafe.Add(ref x, p)), TK.Load(ref column, p * ldw), y0);
            }

            WriteVector<TK, TV>(ref y, j, TK.Add(y0, y1), alpha, beta);
        }

        for (; j < n; j++)
        {
            float sum = 0;
            for (nuint p = 0; p < k; p++)
            {
                sum += Unsafe.Add(ref x, p) * Unsafe.Add(ref w, (p * ldw) + j);
            }

            Write(ref Unsafe.Add(ref y, j), sum, alpha, beta);
        }
    }

    /// <summary>
    /// Sixteen vectors of y (256 floats at 512 bits: a whole 1 KiB row of a 128→256 layer's W) accumulated over
    /// all k rows in registers: 16 accumulators and one broadcast of the 32 zmm registers. Where the strip is
    /// the whole row, W streams from L2 front to back, which the eight-vector strip (half of each row, then the
    /// other half) does not. Only for 512-bit vectors: at 256 bits sixteen vectors are half a row again.
    /// </summary>
    /// <remarks>x: k floats. w: k×256 window of W, rows ldw apart. y: 256 floats.</remarks>
    private static void AxpyStrip16<TK, TV>(ref float x, nuint k, ref float w, nuint ldw, ref float y, float alpha, float beta)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        nuint width = (nuint)TK.Width;
        TV y0 = TK.Zero, y1 = TK.Zero, y2 = TK.Zero, y3 = TK.Zero, y4 = TK.Zero, y5 = TK.Zero, y6 = TK.Zero, y7 = TK.Zero;
        TV y8 = TK.Zero, y9 = TK.Zero, y10 = TK.Zero, y11 = TK.Zero, y12 = TK.Zero, y13 = TK.Zero, y14 = TK.Zero, y15 = TK.Zero;
        for (nuint p = 0; p < k; p++)
        {
            TV xp = TK.Broadcast(Unsafe.Add(ref x, p));
            ref float row = ref Unsafe.Add(ref w, p * ldw);
            y0 = TK.MulAdd(xp, TK.Load(ref row, 0), y0);
            y1 = TK.MulAdd(xp, TK.Load(ref row, width), y1);
            y2 = TK.MulAdd(xp, TK.Load(ref row, 2 * width), y2);
            y3 = TK.MulAdd(xp, TK.Load(ref row, 3 * width), y3);
            y4 = TK.MulAdd(xp, TK.Load(ref row, 4 * width), y4);
            y5 = TK.MulAdd(xp, TK.Load(ref row, 5 * width), y5);
            y6 = TK.MulAdd(xp, TK.Load(ref row, 6 * width), y6);
            y7 = TK.MulAdd(xp, TK.Load(ref row, 7 * width), y7);
            y8 = TK.MulAdd(xp, TK.Load(ref row, 8 * width), y8);
            y9 = TK.MulAdd(xp, TK.Load(ref row, 9 * width), y9);
            y10 = TK.MulAdd(xp, TK.Load(ref row, 10 * width), y10);
            y11 = TK.MulAdd(xp, TK.Load(ref row, 11 * width), y11);
            y12 = TK.MulAdd(xp, TK.Load(ref row, 12 * width), y12);
            y13 = TK.MulAdd(xp, TK.Load(ref row, 13 * width), y13);
            y14 = TK.MulAdd(xp, TK.Load(ref row, 14 * width), y14);
            y15 = TK.MulAdd(xp, TK.Load(ref row, 15 * width), y15);
        }

        WriteVector<TK, TV>(ref y, 0, y0, alpha, beta);
        WriteVector<TK, TV>(ref y, width, y1, alpha, beta);
        WriteVector<TK, TV>(ref y, 2 * width, y2, alpha, beta);
        WriteVector<TK, TV>(ref y, 3 * width, y3, alpha, beta);
        WriteVector<TK, TV>(ref y, 4 * width, y4, alpha, beta);
        WriteVector<TK, TV>(ref y, 5 * width, y5, alpha, beta);
        WriteVector<TK, TV>(ref y, 6 * width, y6, alpha, beta);
        WriteVector<TK, TV>(ref y, 7 * width, y7, alpha, beta);
        WriteVector<TK, TV>(ref y, 8 * width, y8, alpha, beta);
        WriteVector<TK, TV>(ref y, 9 * width, y9, alpha, beta);
        WriteVector<TK, TV>(ref y, 10 * width, y10, alpha, beta);
        WriteVector<TK, TV>(ref y, 11 * width, y11, alpha, beta);
        WriteVector<TK, TV>(ref y, 12 * width, y12, alpha, beta);
        WriteVector<TK, TV>(ref y, 13 * width, y13, alpha, beta);
        WriteVector<TK, TV>(ref y, 14 * width, y14, alpha, beta);
        WriteVector<TK, TV>(ref y, 15 * width, y15, alpha, beta);
    }

    /// <summary>
    /// C[i, :] = (α·u[i·incu])·v + β·C[i, :] for i &lt; m: the rank-1 update of k = 1 (the weight gradient
    /// δᵀ·x at batch 1).
    /// </summary>
    /// <remarks>u: m floats, incu apart (the single column of op(A)). v: n contiguous floats (the single row of op(B)).</remarks>
    public static void Rank1<TK, TV>(ref float u, nuint incu, nuint m, ref float v, nuint n, float alpha, float beta, ref float c, nuint ldc)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        nuint width = (nuint)TK.Width;
        nuint vectors = n & ~(width - 1);
        TV betaV = TK.Broadcast(beta);
        for (nuint i = 0; i < m; i++)
        {
            float s = alpha * Unsafe.Add(ref u, i * incu);
            TV sv = TK.Broadcast(s);
            ref float row = ref Unsafe.Add(ref c, i * ldc);
            nuint j = 0;
            if (beta == 0)
            {
                for (; j < vectors; j += width)
                {
                    TK.Store(TK.Multiply(sv, TK.Load(ref v, j)), ref row, j);
                }

                for (; j < n; j++)
                {
                    Unsafe.Add(ref row, j) = s * Unsafe.Add(ref v, j);
                }
            }
            else
            {
                for (; j < vectors; j += width)
                {
                    TK.Store(TK.MulAdd(sv, TK.Load(ref v, j), TK.Multiply(betaV, TK.Load(ref row, j))), ref row, j);
                }

                for (; j < n; j++)
                {
                    Unsafe.Add(ref row, j) = (s * Unsafe.Add(ref v, j)) + (beta * Unsafe.Add(ref row, j));
                }
            }
        }
    }

    /// <summary>destination[i] = source[i·inc] for i &lt; count: makes a strided vector contiguous.</summary>
    public static void Gather(ref float source, nuint inc, nuint count, ref float destination)
    {
        for (nuint i = 0; i < count; i++)
        {
            Unsafe.Add(ref destination, i) = Unsafe.Add(ref source, i * inc);
        }
    }

    /// <summary>
    /// destination[j·ldd + p] = source[p·lds + j] for p &lt; k, j &lt; n: a k×n matrix with few columns made n
    /// rows of k. Reads each source row once (n ≤ 16 floats, one or two cache lines) and writes n streams.
    /// </summary>
    public static void TransposeNarrow(ref float source, nuint lds, nuint k, nuint n, ref float destination, nuint ldd)
    {
        for (nuint p = 0; p < k; p++)
        {
            ref float row = ref Unsafe.Add(ref source, p * lds);
            ref float column = ref Unsafe.Add(ref destination, p);
            for (nuint j = 0; j < n; j++)
            {
                Unsafe.Add(ref column, j * ldd) = Unsafe.Add(ref row, j);
            }
        }
    }

    /// <summary>C[i·ldc] = t[i] + β·C[i·ldc] for i &lt; m (t already carries α); C not read when β = 0.</summary>
    public static void ScatterColumn(ref float t, nuint m, float beta, ref float c, nuint ldc)
    {
        for (nuint i = 0; i < m; i++)
        {
            ref float ci = ref Unsafe.Add(ref c, i * ldc);
            ci = beta == 0 ? Unsafe.Add(ref t, i) : Unsafe.Add(ref t, i) + (beta * ci);
        }
    }

    /// <summary>c = α·sum + β·c, not reading c when β = 0 (so NaN already in C cannot leak).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Write(ref float c, float sum, float alpha, float beta) =>
        c = beta == 0 ? alpha * sum : (alpha * sum) + (beta * c);

    /// <summary>c[offset …] = α·sum + β·c[offset …], one vector, not reading c when β = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void WriteVector<TK, TV>(ref float c, nuint offset, TV sum, float alpha, float beta)
        where TK : struct, IGemmKernel<TV>
        where TV : struct
    {
        TV scaled = TK.Multiply(TK.Broadcast(alpha), sum);
        TK.Store(beta == 0 ? scaled : TK.MulAdd(TK.Broadcast(beta), TK.Load(ref c, offset), scaled), ref c, offset);
    }
}
