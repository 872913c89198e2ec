using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdBackprop.Kernels.MatrixProducts;

internal static partial class GemmPacking
{
    /// <summary>
    /// Packs a full micro-panel whose source rows are the panel's columns — a transposed B (stored rows are
    /// columns of op(B)) or a plain A (rows of A become the MR columns of the kc×MR panel) — with 8×8 block
    /// transposes in AVX registers: eight source rows are read 8 floats at a time and written as eight 8-float
    /// pieces of consecutive k steps, instead of one scalar store per float at a 4·width-byte stride (which
    /// made packing the weights cost as much as the whole product at batch 32). A width that is not a multiple
    /// of 8 (MR = 12) ends with a group overlapping the previous one, rewriting the same values. A k tail of
    /// fewer than 8 steps is copied scalar. Only called when <see cref="Avx.IsSupported"/> (a JIT constant;
    /// the width has already been chosen) with width ≥ 8, or width ≥ 4 where AVX-512VL is supported (see
    /// <see cref="PackFewRowsAsColumns"/>), and never reads outside the panel's rows.
    /// </summary>
    /// <remarks>from: the panel's first source row at its first k step; rows ld apart. to: the kc×width panel.</remarks>
    private static void PackRowsAsColumnsAvx(ref float from, nuint ld, int kc, int width, ref float to)
    {
        if (width < 8)
        {
            PackFewRowsAsColumns(ref from, ld, kc, width, ref to);
            return;
        }

        int kc8 = kc & ~7;
        for (int group = 0; group < width; group += 8)
        {
            int j = Math.Min(group, width - 8); // the last group of a width like 12 overlaps the one before
            ref float r0 = ref Unsafe.Add(ref from, (nuint)j * ld);
            ref float column = ref Unsafe.Add(ref to, j);
            for (int p = 0; p < kc8; p += 8)
            {
                ref float source = ref Unsafe.Add(ref r0, p);
                Transpose8x8(
                    Vector256.LoadUnsafe(ref source),
                    Vector256.LoadUnsafe(ref source, ld),
                    Vector256.LoadUnsafe(ref source, 2 * ld),
                    Vector256.LoadUnsafe(ref source, 3 * ld),
                    Vector256.LoadUnsafe(ref source, 4 * ld),
                    Vector256.LoadUnsafe(ref source, 5 * ld),
                    Vector256.LoadUnsafe(ref source, 6 * ld),
                    Vector256.LoadUnsafe(ref source, 7 * ld),
                    ref Unsafe.Add(ref column, (nuint)(p * width)),
                    (nuint)width);
            }

            CopyTail(ref r0, ld, kc8, kc, 8, width, ref column);
        }
    }

    /// <summary>
    /// The same for a panel 4 … 7 wide (the 6-row tiles of the 256-bit and 128-bit kernels): the missing source
    /// rows of the 8×8 block are zero vectors (never read), and each transposed row is written with a masked
    /// store of its first <paramref name="width"/> floats, so nothing outside the panel is touched. Needs
    /// AVX-512VL's masked stores; four times faster than the strided scalar loop.
    /// </summary>
    private static unsafe void PackFewRowsAsColumns(ref float from, nuint ld, int kc, int width, ref float to)
    {
        int kc8 = kc & ~7;
        Vector256<float> mask = FirstLanes(width);
        fixed (float* panel = &to)
        {
            for (int p = 0; p < kc8; p += 8)
            {
                ref float source = ref Unsafe.Add(ref from, p);
                Vector256<float> r4 = width > 4 ? Vector256.LoadUnsafe(ref source, 4 * ld) : default;
                Vector256<float> r5 = width > 5 ? Vector256.LoadUnsafe(ref source, 5 * ld) : default;
                Vector256<float> r6 = width > 6 ? Vector256.LoadUnsafe(ref source, 6 * ld) : default;
                (Vector256<float> t0, Vector256<float> t1, Vector256<float> t2, Vector256<float> t3, Vector256<float> t4, Vector256<float> t5, Vector256<float> t6, Vector256<float> t7) = Transpose8x8(
                    Vector256.LoadUnsafe(ref source),
                    Vector256.LoadUnsafe(ref source, ld),
                    Vector256.LoadUnsafe(ref source, 2 * ld),
                    Vector256.LoadUnsafe(ref source, 3 * ld),
                    r4,
                    r5,
                    r6,
                    default);
                float* destination = panel + (p * width);
                Avx512F.VL.MaskStore(destination, mask, t0);
                Avx512F.VL.MaskStore(destination + width, mask, t1);
                Avx512F.VL.MaskStore(destination + (2 * width), mask, t2);
                Avx512F.VL.MaskStore(destination + (3 * width), mask, t3);
                Avx512F.VL.MaskStore(destination + (4 * width), mask, t4);
                Avx512F.VL.MaskStore(destination + (5 * width), mask, t5);
                Avx512F.VL.MaskStore(destination + (6 * width), mask, t6);
                Avx512F.VL.MaskStore(destination + (7 * width), mask, t7);
            }
        }

        CopyTail(ref from, ld, kc8, kc, width, width, ref to);
    }

    /// <summary>A mask of the first <paramref name="count"/> of 8 lanes, for AVX-512VL masked loads and stores.</summary>
    internal static Vector256<float> FirstLanes(int count) => Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle();

    /// <summary>The k steps kc8 … kc that do not fill an 8×8 block: rows of the group copied one float at a time.</summary>
    private static void CopyTail(ref float r0, nuint ld, int kc8, int kc, int rows, int width, ref float column)
    {
        for (int i = 0; i < rows; i++)
        {
            ref float row = ref Unsafe.Add(ref r0, (nuint)i * ld);
            for (int p = kc8; p < kc; p++)
            {
                Unsafe.Add(ref column, (nuint)((p * width) + i)) = Unsafe.Add(ref row, p);
            }
        }
    }

    /// <summary>
    /// Writes the transpose of the 8×8 block whose rows are r0 … r7 as 8 rows, stride floats apart:
    /// row q of the output is (r0[q], r1[q], …, r7[q]). Unpack pairs rows, shuffle makes 4-row groups,
    /// Permute2x128 joins the two 128-bit halves: 24 register operations for 64 floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(
        Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7,
        ref float destination, nuint stride)
    {
        (Vector256<float> t0, Vector256<float> t1, Vector256<float> t2, Vector256<float> t3, Vector256<float> t4, Vector256<float> t5, Vector256<float> t6, Vector256<float> t7) =
            Transpose8x8(r0, r1, r2, r3, r4, r5, r6, r7);
        t0.StoreUnsafe(ref destination);
        t1.StoreUnsafe(ref destination, stride);
        t2.StoreUnsafe(ref destination, 2 * stride);
        t3.StoreUnsafe(ref destination, 3 * stride);
        t4.StoreUnsafe(ref destination, 4 * stride);
        t5.StoreUnsafe(ref destination, 5 * stride);
        t6.StoreUnsafe(ref destination, 6 * stride);
        t7.StoreUnsafe(ref destination, 7 * stride);
    }

    /// <summary>
    /// The transpose of the 8×8 block whose rows are r0 … r7: output q is (r0[q], r1[q], …, r7[q]). Unpack
    /// pairs rows, shuffle makes 4-row groups, Permute2x128 joins the two 128-bit halves: 24 register
    /// operations for 64 floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>) Transpose8x8(
        Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7)
    {
        Vector256<float> t0 = Avx.UnpackLow(r0, r1); // r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5]
        Vector256<float> t1 = Avx.UnpackHigh(r0, r1); // r0[2] r1[2] r0[3] r1[3] | r0[6] r1[6] r0[7] r1[7]
        Vector256<float> t2 = Avx.UnpackLow(r2, r3);
        Vector256<float> t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5);
        Vector256<float> t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7);
        Vector256<float> t7 = Avx.UnpackHigh(r6, r7);

        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44); // column 0 of rows 0-3 | column 4 of rows 0-3
        Vector256<float> s1 = Avx.Shuffle(t0, t2, 0xEE); // columns 1 | 5
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44); // columns 2 | 6
        Vector256<float> s3 = Avx.Shuffle(t1, t3, 0xEE); // columns 3 | 7
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44); // the same for rows 4-7
        Vector256<float> s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44);
        Vector256<float> s7 = Avx.Shuffle(t5, t7, 0xEE);

        return (
            Avx.Permute2x128(s0, s4, 0x20), Avx.Permute2x128(s1, s5, 0x20), Avx.Permute2x128(s2, s6, 0x20), Avx.Permute2x128(s3, s7, 0x20),
            Avx.Permute2x128(s0, s4, 0x31), Avx.Permute2x128(s1, s5, 0x31), Avx.Permute2x128(s2, s6, 0x31), Avx.Permute2x128(s3, s7, 0x31));
    }
}
