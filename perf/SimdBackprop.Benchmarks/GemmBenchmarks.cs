using BenchmarkDotNet.Attributes;
using SimdBackprop.Benchmarks.Reporting;

namespace SimdBackprop.Benchmarks;

/// <summary>
/// Gemm.Multiply on the three products of every layer of a 784-256-128-10 network at batch 1, 32 and 256:
/// forward X·Wᵀ, delta propagation δ·W and weight gradient δᵀ·X; one job per SIMD tier leg.
/// </summary>
[Config(typeof(TierConfig))]
public class GemmBenchmarks
{
    private static readonly int[] Layers = [784, 256, 128, 10];
    private static readonly int[] Batches = [1, 32, 256];

    private float[] a = [];
    private float[] b = [];
    private float[] c = [];

    /// <summary>The product measured (a ParamsSource value).</summary>
    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = null!;

    /// <summary>Every product of every layer at every batch size.</summary>
    public static IEnumerable<GemmShape> Shapes()
    {
        foreach (int batch in Batches)
        {
            for (int layer = 0; layer + 1 < Layers.Length; layer++)
            {
                int inputs = Layers[layer], outputs = Layers[layer + 1];

                // output[batch×out] = input[batch×in] · weightsᵀ (weights stored out×in)
                yield return new GemmShape($"fwd b{batch} {inputs}->{outputs}", false, true, batch, outputs, inputs);

                // dInput[batch×in] = delta[batch×out] · weights[out×in]
                yield return new GemmShape($"dIn b{batch} {outputs}->{inputs}", false, false, batch, inputs, outputs);

                // dWeights[out×in] = deltaᵀ (delta stored batch×out) · input[batch×in]
                yield return new GemmShape($"dW b{batch} {outputs}x{inputs}", true, false, outputs, inputs, batch);
            }
        }
    }

    /// <summary>Checks the tier of this job and fills the operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        TierCheck.Verify();
        var random = new Random(42);
        a = Fill(Shape.M * Shape.K, random);
        b = Fill(Shape.K * Shape.N, random);
        c = new float[Shape.M * Shape.N];
        RunLog.Publish(RunLog.Flops, Shape.Flops);
    }

    /// <summary>C = op(A)·op(B) (β = 0), the forward and delta-propagation case.</summary>
    [Benchmark]
    public void Multiply()
    {
        GemmShape s = Shape;
        Gemm.Multiply(s.TransposeA, s.TransposeB, s.M, s.N, s.K, 1, a, s.TransposeA ? s.M : s.K, b, s.TransposeB ? s.K : s.N, 0, c, s.N);
    }

    private static float[] Fill(int length, Random random)
    {
        var data = new float[length];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return data;
    }
}

/// <summary>One GEMM shape of the benchmark: C[m×n] = op(A)[m×k]·op(B)[k×n].</summary>
/// <param name="Name">What the product is in the network (shown in the results table).</param>
/// <param name="TransposeA">A stored k×m.</param>
/// <param name="TransposeB">B stored n×k.</param>
/// <param name="M">Rows of C.</param>
/// <param name="N">Columns of C.</param>
/// <param name="K">The summed dimension.</param>
public sealed record GemmShape(string Name, bool TransposeA, bool TransposeB, int M, int N, int K)
{
    /// <summary>Floating-point operations of one product: 2·m·n·k.</summary>
    public double Flops => 2.0 * M * N * K;

    /// <summary>The name alone: BenchmarkDotNet cuts parameter columns at 20 characters.</summary>
    public override string ToString() => Name;
}
