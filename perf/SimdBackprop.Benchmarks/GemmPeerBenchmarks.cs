using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using MathNet.Numerics;
using MathNet.Numerics.Providers.LinearAlgebra;
using NumericsTensors = System.Numerics.Tensors.TensorPrimitives;
using SimdBackprop.Benchmarks.Peers;
using SimdBackprop.Benchmarks.Reporting;

namespace SimdBackprop.Benchmarks;

/// <summary>
/// Gemm.Multiply against its peers on square 256…2048 and the dense-layer products (batch 1/32/256/1024 ×
/// 784→256, 256→128, 1024→1024, forward X·Wᵀ, dInput δ·W, dWeights δᵀ·X), all single-threaded, β = 0:
/// SimdBackprop (the baseline) under every tier leg; OpenBLAS (serial), oneDNN (dnnl_sgemm), MathNet's
/// managed provider and a TensorPrimitives.Dot baseline under the default leg only (see <see cref="GemmPeerConfig"/>).
/// GlobalSetup checks each method's result against SimdBackprop's before it is timed.
/// </summary>
[Config(typeof(GemmPeerConfig))]
public unsafe class GemmPeerBenchmarks
{
    private static readonly int[] Squares = [256, 512, 1024, 2048];
    private static readonly int[] Batches = [1, 32, 256, 1024];
    private static readonly (int In, int Out)[] Layers = [(784, 256), (256, 128), (1024, 1024)];

    // Operands in their stored (row-major) layouts, pinned for the native peers.
    private float[] a = [];
    private float[] b = [];
    private float[] c = [];
    private float* pa;
    private float* pb;
    private float* pc;

    // TensorPrimitives baseline: A as m rows of k, B as n rows of k (both rearranged in setup, untimed).
    private float[] aRows = [];
    private float[] bColumns = [];

    private ILinearAlgebraProvider mathNet = null!;

    /// <summary>The product measured.</summary>
    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = null!;

    /// <summary>Squares, then every product of every layer at every batch size.</summary>
    public static IEnumerable<GemmShape> Shapes()
    {
        foreach (int n in Squares)
        {
            yield return new GemmShape($"square {n}", false, false, n, n, n);
        }

        foreach (int batch in Batches)
        {
            foreach ((int inputs, int outputs) in Layers)
            {
                // output[batch×out] = input[batch×in] · weightsᵀ (weights stored out×in)
                yield return new GemmShape($"fwd b{batch} {inputs}->{outputs}", false, true, batch, outputs, inputs);

                // dInput[batch×in] = delta[batch×out] · weights[out×in]
                yield return new GemmShape($"dIn b{batch} {outputs}->{inputs}", false, false, batch, inputs, outputs);

                // dWeights[out×in] = deltaᵀ (delta stored batch×out) · input[batch×in]
                yield return new GemmShape($"dW b{batch} {outputs}x{inputs}", true, false, outputs, inputs, batch);
            }
        }
    }

    private int Lda => Shape.TransposeA ? Shape.M : Shape.K;

    private int Ldb => Shape.TransposeB ? Shape.K : Shape.N;

    [GlobalSetup(Target = nameof(SimdBackpropGemm))]
    public void SetupSimdBackprop() => Prepare(null, SimdBackpropGemm);

    [GlobalSetup(Target = nameof(SimdBackpropTwoThreads))]
    public void SetupTwoThreads() => Prepare(null, SimdBackpropTwoThreads);

    [GlobalSetup(Target = nameof(OpenBLAS))]
    public void SetupOpenBlas() => Prepare(NativePeers.OpenBlasMissing, OpenBLAS);

    [GlobalSetup(Target = nameof(OneDNN))]
    public void SetupOneDnn() => Prepare(NativePeers.OneDnnMissing, OneDNN);

    [GlobalSetup(Target = nameof(MathNet))]
    public void SetupMathNet()
    {
        Control.UseManaged();
        Control.UseSingleThread();
        mathNet = LinearAlgebraControl.Provider;
        Console.WriteLine($"// MathNet provider: {mathNet}");
        Prepare(null, MathNet);
    }

    [GlobalSetup(Target = nameof(TensorPrimitives))]
    public void SetupTensorPrimitives() => Prepare(null, TensorPrimitives, rearrangeForDot: true);

    [Benchmark(Baseline = true)]
    public void SimdBackpropGemm()
    {
        GemmShape s = Shape;
        Gemm.Multiply(s.TransposeA, s.TransposeB, s.M, s.N, s.K, 1, a, Lda, b, Ldb, 0, c, s.N);
    }

    /// <summary>
    /// The explicit two-thread overload (degreeOfParallelism 2: the caller and one pool worker), on the large
    /// products only; its Ratio against the single-threaded baseline is the speed-up. Meaningful only when the
    /// machine's second core is idle.
    /// </summary>
    [Benchmark]
    public void SimdBackpropTwoThreads()
    {
        GemmShape s = Shape;
        Gemm.Multiply(s.TransposeA, s.TransposeB, s.M, s.N, s.K, 1, a, Lda, b, Ldb, 0, c, s.N, degreeOfParallelism: 2);
    }

    [Benchmark]
    public void OpenBLAS()
    {
        GemmShape s = Shape;
        NativePeers.OpenBlasSgemm(s.TransposeA, s.TransposeB, s.M, s.N, s.K, 1, pa, Lda, pb, Ldb, 0, pc, s.N);
    }

    [Benchmark]
    public void OneDNN()
    {
        GemmShape s = Shape;
        NativePeers.OneDnnSgemm(s.TransposeA, s.TransposeB, s.M, s.N, s.K, 1, pa, Lda, pb, Ldb, 0, pc, s.N);
    }

    /// <summary>Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: B's array first, each with its own flag.</summary>
    [Benchmark]
    public void MathNet()
    {
        GemmShape s = Shape;

        // A stored row-major r×c is the column-major c×r matrix; the provider takes the stored dimensions.
        (int bRows, int bCols) = s.TransposeB ? (s.N, s.K) : (s.K, s.N);
        (int aRowsCount, int aCols) = s.TransposeA ? (s.K, s.M) : (s.M, s.K);
        mathNet.MatrixMultiplyWithUpdate(
            s.TransposeB ? Transpose.Transpose : Transpose.DontTranspose,
            s.TransposeA ? Transpose.Transpose : Transpose.DontTranspose,
            1f, b, bCols, bRows, a, aCols, aRowsCount, 0f, c);
    }

    /// <summary>C[i,j] = TensorPrimitives.Dot(row i of A, column j of B), both contiguous (rearranged in setup).</summary>
    [Benchmark]
    public void TensorPrimitives()
    {
        int m = Shape.M, n = Shape.N, k = Shape.K;
        ReadOnlySpan<float> rows = aRows, columns = bColumns;
        Span<float> destination = c;
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<float> row = rows.Slice(i * k, k);
            Span<float> cRow = destination.Slice(i * n, n);
            for (int j = 0; j < n; j++)
            {
                cRow[j] = NumericsTensors.Dot(row, columns.Slice(j * k, k));
            }
        }
    }

    /// <summary>
    /// Checks the tier, fills pinned operands, rearranges them for the dot-product baseline when asked (untimed),
    /// publishes the flops and checks one run of <paramref name="method"/> against SimdBackprop's result.
    /// </summary>
    private void Prepare(string? missing, Action method, bool rearrangeForDot = false)
    {
        TierCheck.Verify();
        if (missing is not null)
        {
            throw new InvalidOperationException(missing); // the config filters absent peers out; this is the backstop
        }

        GemmShape s = Shape;
        a = Fill(s.M * s.K, 1, out pa);
        b = Fill(s.K * s.N, 2, out pb);
        c = Fill(s.M * s.N, 3, out pc);
        if (rearrangeForDot)
        {
            aRows = Rearrange(a, s.TransposeA, s.M, s.K);
            bColumns = Rearrange(b, !s.TransposeB, s.N, s.K);
        }

        RunLog.Publish(RunLog.Flops, s.Flops);
        if (s.M == 1 || s.N == 1 || s.K == 1)
        {
            // Batch 1: bounded by streaming the weight-sized operand once (read W, or write the rank-1 gradient).
            long bytes = (long)Math.Max(s.M * s.K, Math.Max(s.K * s.N, s.M * s.N)) * sizeof(float);
            double gbs = s.K == 1 ? BandwidthProbe.WriteGBs(bytes, TimeSpan.FromMilliseconds(200)) : BandwidthProbe.ReadGBs(bytes, TimeSpan.FromMilliseconds(200));
            RunLog.Publish(RunLog.BoundGflops, s.Flops / (bytes / gbs)); // flop/ns
            RunLog.Publish(RunLog.BandwidthGBs, gbs);
        }

        var expected = new float[s.M * s.N];
        Gemm.Multiply(s.TransposeA, s.TransposeB, s.M, s.N, s.K, 1, a, Lda, b, Ldb, 0, expected, s.N);
        Array.Fill(c, float.NaN);
        method();
        float tolerance = 1e-5f * s.K; // operands in [-1, 1]: a wrong layout errs by ~√k, rounding by ~k·2⁻²⁴
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(MathF.Abs(c[i] - expected[i]) <= tolerance))
            {
                throw new InvalidOperationException($"{method.Method.Name} on {s}: C[{i}] = {c[i]}, SimdBackprop gives {expected[i]}");
            }
        }
    }

    /// <summary>A pinned array (the native peers get its address) of values in [-1, 1].</summary>
    private static float[] Fill(int length, int seed, out float* pointer)
    {
        var random = new Random(seed);
        float[] data = GC.AllocateUninitializedArray<float>(length, pinned: true);
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)((random.NextDouble() * 2) - 1);
        }

        pointer = (float*)Marshal.UnsafeAddrOfPinnedArrayElement(data, 0);
        return data;
    }

    /// <summary>rows×k row-major from a stored matrix that is either already rows×k or k×rows (<paramref name="transposed"/>).</summary>
    private static float[] Rearrange(float[] stored, bool transposed, int rows, int k)
    {
        if (!transposed)
        {
            return (float[])stored.Clone();
        }

        var result = new float[rows * k];
        for (int r = 0; r < rows; r++)
        {
            for (int p = 0; p < k; p++)
            {
                result[(r * k) + p] = stored[(p * rows) + r];
            }
        }

        return result;
    }
}
