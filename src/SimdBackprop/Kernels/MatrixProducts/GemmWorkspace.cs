using System.Runtime.CompilerServices;

namespace SimdBackprop.Kernels.MatrixProducts;

/// <summary>
/// The per-thread scratch memory of GEMM: packed panels of A and B, the edge-tile buffer and gathered
/// vectors. One pinned array per thread, grown on demand and then reused, so a call allocates nothing after
/// warm-up and threads calling at once never share a buffer. A pinned array rather than native memory so a
/// thread's buffer is reclaimed by the GC when the thread ends.
/// </summary>
internal static unsafe class GemmWorkspace
{
    /// <summary>Alignment of every buffer handed out: one cache line, one Vector512.</summary>
    public const int AlignmentFloats = 16;

    [ThreadStatic]
    private static float[]? storage; // pinned (pinned object heap), so its address never changes

    [ThreadStatic]
    private static int usable; // floats available from the first 64-byte-aligned element of storage

    /// <summary>
    /// At least <paramref name="floats"/> floats of this thread's scratch, starting on a 64-byte boundary.
    /// Valid until the next call on this thread; contents are garbage.
    /// </summary>
    public static ref float Get(long floats)
    {
        if (usable < floats)
        {
            Grow(floats);
        }

        return ref AlignedStart(storage!);
    }

    /// <summary>Rounds a float count up to the alignment, so consecutive sub-buffers all start aligned.</summary>
    public static long RoundUp(long floats) => (floats + AlignmentFloats - 1) & ~(long)(AlignmentFloats - 1);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Grow(long floats)
    {
        // Sizes come from validated spans, so this only trips for a sum of two huge operands (n = 1 with
        // k + m beyond an array): fail cleanly rather than hand out a buffer shorter than asked for.
        if (floats > Array.MaxLength - AlignmentFloats)
        {
            throw new OutOfMemoryException($"GEMM scratch of {floats} floats exceeds the largest array.");
        }

        // Grow geometrically so a sequence of slightly larger shapes does not reallocate every time.
        int size = (int)Math.Max(floats, Math.Min(Array.MaxLength - AlignmentFloats, 2L * usable)) + AlignmentFloats;
        storage = GC.AllocateUninitializedArray<float>(size, pinned: true);
        int skip = (int)((nuint)Unsafe.AsPointer(ref storage[0]) & 63) / sizeof(float);
        usable = size - (skip == 0 ? 0 : AlignmentFloats - skip);
    }

    private static ref float AlignedStart(float[] array)
    {
        ref float first = ref array[0];
        nuint misalignment = (nuint)Unsafe.AsPointer(ref first) & 63;
        return ref Unsafe.Add(ref first, misalignment == 0 ? 0 : (64 - (int)misalignment) / sizeof(float));
    }
}
