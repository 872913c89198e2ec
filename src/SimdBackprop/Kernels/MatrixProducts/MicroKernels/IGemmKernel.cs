using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SimdBackprop.Kernels.MatrixProducts;

namespace SimdBackprop.Kernels.MatrixProducts.MicroKernels;

/// <summary>
/// What the GEMM driver needs from one SIMD width: the register tile (MR×NR) with its cache blocking, and
/// the handful of vector operations the small-shape kernels are written in. Implemented by one struct per
/// width (<see cref="GemmMicroKernel.V512"/> …); the driver is generic over it, so the JIT compiles one
/// specialised copy per width and every call below inlines (TensorPrimitives' operator-struct pattern).
/// </summary>
/// <typeparam name="TVec">The vector type (<see cref="float"/> for the scalar tier).</typeparam>
internal interface IGemmKernel<TVec>
    where TVec : struct
{
    /// <summary>Rows of the register tile (rows of an A micro-panel).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the register tile (columns of a B micro-panel); a multiple of <see cref="Width"/>.</summary>
    static abstract int NR { get; }

    /// <summary>Block sizes and path thresholds for this tile, derived from the core's caches.</summary>
    static abstract GemmBlocking Blocking { get; }

    /// <summary>Floats per vector (1 for scalar).</summary>
    static abstract int Width { get; }

    /// <summary>The all-zero vector.</summary>
    static abstract TVec Zero { get; }

    /// <summary>Loads <see cref="Width"/> floats at <paramref name="source"/> + <paramref name="offset"/>.</summary>
    static abstract TVec Load(ref float source, nuint offset);

    /// <summary>Stores <see cref="Width"/> floats at <paramref name="destination"/> + <paramref name="offset"/>.</summary>
    static abstract void Store(TVec value, ref float destination, nuint offset);

    /// <summary>Every lane = <paramref name="value"/>.</summary>
    static abstract TVec Broadcast(float value);

    /// <summary>a·b + addend, fused where the hardware has FMA.</summary>
    static abstract TVec MulAdd(TVec a, TVec b, TVec addend);

    /// <summary>Lane-wise a + b.</summary>
    static abstract TVec Add(TVec a, TVec b);

    /// <summary>Lane-wise a·b.</summary>
    static abstract TVec Multiply(TVec a, TVec b);

    /// <summary>Sum of the lanes.</summary>
    static abstract float Sum(TVec value);

    /// <summary>
    /// The lane sums of four vectors at once, lane r holding the sum of the r-th: one shuffle-and-add tree
    /// shared by four dot products instead of four separate reductions.
    /// </summary>
    static abstract Vector128<float> Sum4(TVec a, TVec b, TVec c, TVec d);

    /// <summary>
    /// One full MR×NR tile of C = α·Ã·B̃ + β·C from kc steps of packed micro-panels (Ã: kc×MR, B̃: kc×NR,
    /// k-major). β = 0: C is only written. C rows are <paramref name="ldc"/> apart.
    /// </summary>
    static abstract void Tile(nuint kc, ref float aPanel, ref float bPanel, ref float c, nuint ldc, float alpha, float beta);

    /// <summary>
    /// A full-width tile of only <paramref name="rows"/> &lt; MR rows (the last rows of a block, e.g. rows
    /// 24–31 of a batch of 32 under a 12-row tile), written straight into C: fewer multiply-adds than the
    /// padded MR-row tile and no detour through the edge scratch. False when this width has no kernel for
    /// that row count (the caller then falls back to the padded tile).
    /// </summary>
    static virtual bool ShortTile(int rows, nuint kc, ref float aPanel, ref float bPanel, ref float c, nuint ldc, float alpha, float beta) => false;

    /// <summary>
    /// Whether a tile of <paramref name="rows"/> ≤ MR rows has a <see cref="StridedBTile"/> kernel, reading a
    /// row-major op(B) in place (unpacked, rows ldb apart). B is read in place only where the full MR-row tile
    /// has one; leftover rows without one run the MR-row kernel into the edge scratch.
    /// </summary>
    static virtual bool HasStridedBTile(int rows) => false;

    /// <summary>
    /// A full-width tile of <paramref name="rows"/> ≤ MR rows reading B unpacked, straight from a row-major
    /// op(B) whose rows are <paramref name="ldb"/> apart (B not transposed). Only called for row counts that
    /// <see cref="HasStridedBTile"/> accepted.
    /// </summary>
    static virtual void StridedBTile(int rows, nuint kc, ref float aPanel, ref float b, nuint ldb, ref float c, nuint ldc, float alpha, float beta) =>
        throw new NotSupportedException();

    /// <summary>
    /// A tile of only <paramref name="cols"/> &lt; NR columns (the last column panel, e.g. columns 768–783 of
    /// 784) and MR rows or the <paramref name="rows"/> of a short tile, from a B micro-panel packed NR wide
    /// with zeros past the edge, written straight into C with masked stores: no detour through the edge
    /// scratch and half the multiply-adds when cols ≤ NR/2. False when this width has no such kernel (the
    /// caller then uses the scratch tile).
    /// </summary>
    static virtual bool EdgeTile(int rows, int cols, nuint kc, ref float aPanel, ref float bPanel, ref float c, nuint ldc, float alpha, float beta) => false;

    /// <summary>Whether this width has <see cref="RowsOfATile"/> (A read in place, see <see cref="GemmWeightsInPlace"/>).</summary>
    static virtual bool ReadsAInPlace => false;

    /// <summary>
    /// The raw sums of <paramref name="rows"/> rows of an A read in place (rows <paramref name="lda"/> apart,
    /// contiguous along k) times a packed kc×NR micro-panel of B, stored row by row into c (rows ldc apart).
    /// rows is MR or a power of two below it.
    /// </summary>
    static virtual void RowsOfATile(int rows, nuint kc, ref float a, nuint lda, ref float bPanel, ref float c, nuint ldc) =>
        throw new NotSupportedException();
}
