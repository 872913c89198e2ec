using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using SimdBackprop.Kernels.MathFunctions;
using SimdBackprop.LayerMath;

namespace SimdBackprop.Kernels.PackedLayer;

/// <summary>
/// The serving kernel: y = σ(W·x + b) for one sample or a few, on W packed once for the way this loop
/// streams it. Rows are padded to a multiple of <see cref="ColumnRows"/> (one Vector512 of outputs) and
/// grouped in blocks of up to <see cref="BlockRows"/> rows; inside a block the weights are k-major, so the
/// kernel reads one contiguous stream: for each k, the block's rows (θ_{r,k} for r in the block).
/// Every output is formed the same way on every tier and every batch grouping:
/// acc = b_i; for k = 0…K−1: acc = fma(θ_ik, x_k, acc). The results are therefore bit-identical across
/// tiers, batch sizes and threads (ReLU, leaky ReLU and identity are applied in registers and are exact).
/// On hardware without fused multiply-add (<see cref="MultiplyAdd.IsFused"/> false: an SSE-only x64,
/// or the runtime's intrinsics switched off) a software fma costs ~100× a multiply and an add, so there the
/// 128-bit and scalar paths form acc = acc + θ_ik·x_k instead (two roundings), still identical to each other.
/// Callers validate every length; nothing here checks.
/// The drivers (Forward, Forward512 …) are AggressiveOptimization like the tiles: compiled once, fully optimized,
/// never through Dynamic PGO, whose tier-1 code for them ran a 256-sample batch on two threads at half the
/// speed of the same code without PGO (665 against 272 µs on the Zen 5 guest; one thread was unaffected).
/// </summary>
internal static partial class PackedLayerKernel
{
    /// <summary>Outputs per vector column: the packing unit (one Vector512 of floats).</summary>
    public const int ColumnRows = 16;

    /// <summary>Rows per block: four columns, streamed together by the batch-1 kernel.</summary>
    public const int BlockRows = 64;

    /// <summary>The rows of a packed layer: n rounded up to <see cref="ColumnRows"/>.</summary>
    public static int PaddedRows(int n) => (n + (ColumnRows - 1)) & ~(ColumnRows - 1);

    /// <summary>Floats of packed θ: PaddedRows(n)·k.</summary>
    public static long PackedLength(int n, int k) => (long)PaddedRows(n) * k;

    /// <summary>
    /// Packs θ (n × k, row-major) into <paramref name="destination"/> (PackedLength weights of type
    /// <typeparamref name="TWeight"/>, each <c>TLoad.Narrow</c> of a float32): block β covers rows
    /// [64β, 64β + w) with w = min(64, PaddedRows(n) − 64β); it starts at 64β·k and holds θ_{64β+r, p} at
    /// 64β·k + p·w + r. Padding rows are zero.
    /// </summary>
    public static void Pack<TWeight, TLoad>(ReadOnlySpan<float> weights, int n, int k, Span<TWeight> destination)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        int rows = PaddedRows(n);
        destination = destination[..(rows * k)];
        destination.Clear();
        for (int b0 = 0; b0 < rows; b0 += BlockRows)
        {
            int w = Math.Min(BlockRows, rows - b0);
            Span<TWeight> block = destination.Slice(b0 * k, w * k);
            for (int r = 0; r < w && b0 + r < n; r++)
            {
                ReadOnlySpan<float> row = weights.Slice((b0 + r) * k, k);
                for (int p = 0; p < row.Length; p++)
                {
                    block[(p * w) + r] = TLoad.Narrow(row[p]);
                }
            }
        }
    }

    /// <summary>
    /// y_s = ε(W·x_s + b) for <paramref name="batch"/> samples, ε the <paramref name="epilogue"/> applied in
    /// registers (identity, ReLU or leaky ReLU; any other σ is the caller's to apply to y afterwards), W read
    /// through <typeparamref name="TLoad"/> (<see cref="Float32Weights"/> or <see cref="BFloat16Weights"/>).
    /// <paramref name="packed"/> is from <see cref="Pack{TWeight, TLoad}"/>; <paramref name="bias"/> has PaddedRows(n) entries (zero padded); every x_s has k
    /// readable floats at s·ldx; every y_s gets PaddedRows(n) floats at s·ldy (padding rows included).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<TWeight, TLoad>(
        SimdTier tier, ReadOnlySpan<TWeight> packed, ReadOnlySpan<float> bias, int n, int k, PackedLayerEpilogue epilogue,
        ReadOnlySpan<float> x, int ldx, int batch, Span<float> y, int ldy)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        int rows = PaddedRows(n);
        ref TWeight w = ref MemoryMarshal.GetReference(packed);
        ref float b = ref MemoryMarshal.GetReference(bias);
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        if (Vector512.IsHardwareAccelerated && tier >= SimdTier.Vector512)
        {
            Forward512<TWeight, TLoad>(ref w, ref b, rows, k, ref xs, ldx, batch, ref ys, ldy, epilogue);
        }
        else if (Vector256.IsHardwareAccelerated && tier >= SimdTier.Vector256)
        {
            Forward256<TWeight, TLoad>(ref w, ref b, rows, k, ref xs, ldx, batch, ref ys, ldy, epilogue);
        }
        else if (Vector128.IsHardwareAccelerated && tier >= SimdTier.Vector128)
        {
            Forward128<TWeight, TLoad>(ref w, ref b, rows, k, ref xs, ldx, batch, ref ys, ldy, epilogue);
        }
        else
        {
            ForwardScalar<TWeight, TLoad>(ref w, ref b, rows, k, ref xs, ldx, batch, ref ys, ldy, epilogue);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardScalar<TWeight, TLoad>(ref TWeight w, ref float bias, int rows, int k, ref float x, int ldx, int batch, ref float y, int ldy, PackedLayerEpilogue epilogue)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        // Four rows at a time (widths are multiples of 16): four independent chains in registers, reading
        // the four adjacent packed weights of each k.
        for (int b0 = 0; b0 < rows; b0 += BlockRows)
        {
            int width = Math.Min(BlockRows, rows - b0);
            ref TWeight block = ref Unsafe.Add(ref w, (nint)b0 * k);
            for (int s = 0; s < batch; s++)
            {
                ref float xr = ref Unsafe.Add(ref x, (nint)s * ldx);
                ref float yr = ref Unsafe.Add(ref y, ((nint)s * ldy) + b0);
                for (int r = 0; r < width; r += 4)
                {
                    ref float br = ref Unsafe.Add(ref bias, b0 + r);
                    float a0 = br, a1 = Unsafe.Add(ref br, 1), a2 = Unsafe.Add(ref br, 2), a3 = Unsafe.Add(ref br, 3);
                    ref TWeight wp = ref Unsafe.Add(ref block, r);
                    for (nint p = 0; p < k; p++)
                    {
                        float xp = Unsafe.Add(ref xr, p);
                        a0 = MultiplyAdd.Invoke(TLoad.Load(ref wp, 0), xp, a0);
                        a1 = MultiplyAdd.Invoke(TLoad.Load(ref wp, 1), xp, a1);
                        a2 = MultiplyAdd.Invoke(TLoad.Load(ref wp, 2), xp, a2);
                        a3 = MultiplyAdd.Invoke(TLoad.Load(ref wp, 3), xp, a3);
                        wp = ref Unsafe.Add(ref wp, width);
                    }

                    Unsafe.Add(ref yr, r) = epilogue.Apply(a0);
                    Unsafe.Add(ref yr, r + 1) = epilogue.Apply(a1);
                    Unsafe.Add(ref yr, r + 2) = epilogue.Apply(a2);
                    Unsafe.Add(ref yr, r + 3) = epilogue.Apply(a3);
                }
            }
        }
    }
}
