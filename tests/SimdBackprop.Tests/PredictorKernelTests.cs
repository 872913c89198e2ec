using SimdBackprop.Kernels.MathFunctions;
using SimdBackprop.Kernels.PackedLayer;
using SimdBackprop.Tests.Reference;
using SimdBackprop.Validation;

namespace SimdBackprop.Tests;

/// <summary>
/// The packed serving kernel (<see cref="PackedLayerKernel"/>) against a scalar reference that forms every output the
/// way the kernel promises to: acc = b_i, then acc = fma(θ_ik, x_k, acc) for k = 0…K−1, then σ. Because the
/// order is fixed, the comparison is bit-for-bit, at every tier, for every edge of the 16-row column, the
/// 64-row block and the two-block batch-1 path, and every sample-group remainder (groups of 6 and 4 at 256 bits, 4 at 512). (Where the hardware has no
/// FMA, the SSE and no-SIMD legs, the kernel and the reference both use a multiply and an add.)
/// </summary>
public class PredictorKernelTests
{
    private static readonly int[] Rows = [.. Enumerable.Range(1, 67), 127, 128, 129, 143, 191, 192, 193, 256, 300];
    private static readonly int[] Depths = [1, 17, 64];
    private static readonly int[] Batches = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];

    public static TheoryData<ActivationKind, WeightPrecision> PiecewiseLinear => new()
    {
        { ActivationKind.Identity, WeightPrecision.Float32 },
        { ActivationKind.ReLU, WeightPrecision.Float32 },
        { ActivationKind.LeakyReLU, WeightPrecision.Float32 },
        { ActivationKind.Identity, WeightPrecision.BFloat16 },
        { ActivationKind.ReLU, WeightPrecision.BFloat16 },
        { ActivationKind.LeakyReLU, WeightPrecision.BFloat16 },
    };

    [Theory]
    [MemberData(nameof(PiecewiseLinear))]
    public void Forward_EveryShapeEdgeAndBatch_BitIdenticalToTheFmaOrderedReference_AtEveryTier(ActivationKind kind, WeightPrecision precision)
    {
        var random = new Random(11 + (int)kind + (10 * (int)precision));
        Activation activation = kind == ActivationKind.LeakyReLU ? Activation.LeakyReLU(0.1f) : Activation.FromKind(kind);
        Tiers.ForEach(tier =>
        {
            foreach (int n in Rows)
            {
                // Every batch 1 … 13 in turn over the widths (each tile and remainder of the batch drivers), one of
                // 8 … 13 at random, and one sample (its own tiles: four, two or one block at a time).
                foreach (int batch in new[] { Batches[n % Batches.Length], Batches[7 + random.Next(Batches.Length - 7)], 1 })
                {
                    int k = Depths[random.Next(Depths.Length)];
                    Check(random, tier, n, k, batch, activation, precision, $"n {n} k {k} batch {batch}");
                }
            }
        });
    }

    [Theory]
    [InlineData(WeightPrecision.Float32)]
    [InlineData(WeightPrecision.BFloat16)]
    public void Forward_SpecialValues_PropagateLikeTheScalarRule_AtEveryTier(WeightPrecision precision)
    {
        // NaN must propagate through ReLU, −0 must stay −0 (u < 0 is false for both), ±∞ pass through.
        var random = new Random(12);
        Tiers.ForEach(tier =>
        {
            foreach (int batch in new[] { 1, 4, 5 })
            {
                Check(random, tier, 150, 5, batch, Activation.ReLU, precision, $"batch {batch}", special: true);
            }
        });
    }

    [Fact]
    public void PackBFloat16_RoundsEachWeightToNearestEven_InTheFloat32Layout()
    {
        const int n = 70, k = 3;
        float[] w = Data.Uniform(new Random(13), n * k, 100f);
        var float32 = new float[PackedLayerKernel.PackedLength(n, k)];
        var bfloat16 = new ushort[PackedLayerKernel.PackedLength(n, k)];
        PackedLayerKernel.Pack<float, Float32Weights>(w, n, k, float32);
        PackedLayerKernel.Pack<ushort, BFloat16Weights>(w, n, k, bfloat16);
        for (int i = 0; i < float32.Length; i++)
        {
            Assert.Equal(ReferenceBFloat16.Round(float32[i]), BFloat16.Widen(bfloat16[i]));
        }
    }

    [Fact]
    public void Pack_PadsRowsToTheColumnAndLaysBlocksOutKMajor()
    {
        // θ_ij = 1000·i + j for n = 70 (two blocks: 64 rows, then a 16-row block holding rows 64…69 and 10 zeros).
        const int n = 70, k = 3;
        float[] w = new float[n * k];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < k; j++)
            {
                w[(i * k) + j] = (1000 * i) + j;
            }
        }

        Assert.Equal(80, PackedLayerKernel.PaddedRows(n));
        var packed = new float[PackedLayerKernel.PackedLength(n, k)];
        packed.AsSpan().Fill(float.NaN);
        PackedLayerKernel.Pack<float, Float32Weights>(w, n, k, packed);
        Assert.Equal(w[(5 * k) + 2], packed[(2 * 64) + 5]);            // block 0: p·64 + r
        Assert.Equal(w[(66 * k) + 1], packed[(64 * k) + (1 * 16) + 2]); // block 1 at 64·k: p·16 + r
        Assert.Equal(0f, packed[(64 * k) + (2 * 16) + 15]);             // padding row 79
        Assert.DoesNotContain(packed, float.IsNaN);
    }

    private static void Check(Random random, SimdTier tier, int n, int k, int batch, Activation activation, WeightPrecision precision, string what, bool special = false)
    {
        int rows = PackedLayerKernel.PaddedRows(n);
        float[] w = Data.Uniform(random, n * k);
        float[] b = new float[rows];
        Data.Uniform(random, n).CopyTo(b, 0);
        int ldx = k + 3; // a row stride wider than k: the kernel must read only k of each row
        float[] x = Data.Uniform(random, batch * ldx);
        if (special)
        {
            b[0] = float.NaN;
            b[1] = -0f;
            b[2] = float.PositiveInfinity;
            b[3] = float.NegativeInfinity;
            w.AsSpan(0, 4 * k).Clear(); // rows 0…3 are exactly their bias
            x[0] = float.NaN;           // sample 0: NaN·θ (even θ = 0) makes every row of sample 0 NaN
        }

        int ldy = rows + 16;
        float[] y = new float[batch * ldy];
        y.AsSpan().Fill(12345f);
        PackedLayerEpilogue epilogue = activation.Kind switch
        {
            ActivationKind.ReLU => PackedLayerEpilogue.Relu,
            ActivationKind.LeakyReLU => PackedLayerEpilogue.LeakyRelu(activation.Slope),
            _ => PackedLayerEpilogue.None,
        };
        if (precision == WeightPrecision.BFloat16)
        {
            var packed = new ushort[PackedLayerKernel.PackedLength(n, k)];
            PackedLayerKernel.Pack<ushort, BFloat16Weights>(w, n, k, packed);
            PackedLayerKernel.Forward<ushort, BFloat16Weights>(tier, packed, b, n, k, epilogue, x, ldx, batch, y, ldy);
            w = w.Select(ReferenceBFloat16.Round).ToArray(); // the reference runs on the weights the kernel stores
        }
        else
        {
            var packed = new float[PackedLayerKernel.PackedLength(n, k)];
            PackedLayerKernel.Pack<float, Float32Weights>(w, n, k, packed);
            PackedLayerKernel.Forward<float, Float32Weights>(tier, packed, b, n, k, epilogue, x, ldx, batch, y, ldy);
        }

        for (int s = 0; s < batch; s++)
        {
            for (int i = 0; i < n; i++)
            {
                float acc = b[i];
                for (int p = 0; p < k; p++)
                {
                    float product = w[(i * k) + p], input = x[(s * ldx) + p];
                    acc = MultiplyAdd.IsFused ? MathF.FusedMultiplyAdd(product, input, acc) : acc + (product * input);
                }

                float expected = !(acc < 0) || activation.Kind == ActivationKind.Identity ? acc
                    : activation.Kind == ActivationKind.ReLU ? 0 : activation.Slope * acc;
                float actual = y[(s * ldy) + i];
                if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual) && !(float.IsNaN(expected) && float.IsNaN(actual)))
                {
                    Assert.Fail($"{what} {activation} {precision} sample {s} row {i}: {actual:R}, expected {expected:R}");
                }
            }

            for (int i = rows; i < ldy; i++)
            {
                Assert.Equal(12345f, y[(s * ldy) + i]); // nothing written past the padded rows
            }
        }
    }
}
