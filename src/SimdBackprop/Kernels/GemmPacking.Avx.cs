using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdBackprop.Kernels;

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
    /// the width has already been chosen) and width ≥ 8, and never reads outside the panel's rows.
    /// </summary>
    /// <remarks>from: the panel's first source row at its first k step; rows ld apart. to: the kc×width panel.</remarks>
    private static void PackRowsAsColumnsAvx(ref float from, nuint ld, int kc, int width, ref float to)
    {
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

            for (int i = 0; i < 8; i++)
            {
                ref float row = ref Unsafe.Add(ref r0, (nuint)i * ld);
                for (int p = kc8; p < kc; p++)
                {
                    Unsafe.Add(ref column, (nuint)((p * width) + i)) = Unsafe.Add(ref row, p);
                }
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

        Avx.Permute2x128(s0, s4, 0x20).StoreUnsafe(ref destination);
        Avx.Permute2x128(s1, s5, 0x20).StoreUnsafe(ref destination, stride);
        Avx.Permute2x128(s2, s6, 0x20).StoreUnsafe(ref destination, 2 * stride);
        Avx.Permute2x128(s3, s7, 0x20).StoreUnsafe(ref destination, 3 * stride);
        Avx.Permute2x128(s0, s4, 0x31).StoreUnsafe(ref destination, 4 * stride);
        Avx.Permute2x128(s1, s5, 0x31).StoreUnsafe(ref destination, 5 * stride);
        Avx.Permute2x128(s2, s6, 0x31).StoreUnsafe(ref destination, 6 * stride);
        Avx.Permute2x128(s3, s7, 0x31).StoreUnsafe(ref destination, 7 * stride);
    }
}
