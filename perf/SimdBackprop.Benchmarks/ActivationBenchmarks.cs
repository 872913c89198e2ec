using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using SimdBackprop.Kernels.Elementwise;
using SimdBackprop.Kernels.Elementwise.Activations;
using SimdBackprop.LayerMath;

namespace SimdBackprop.Benchmarks;

/// <summary>
/// Our activation operators (through the generic driver, bypassing the dispatch's choice) against
/// System.Numerics.Tensors' TensorPrimitives for the activations it has: the figures behind which one
/// ActivationDispatch runs at the top tier. Run:
/// <c>dotnet run -c Release --project perf/SimdBackprop.Benchmarks -- --filter '*ActivationBenchmarks*' --launchCount 1 --warmupCount 3 --iterationCount 5</c>.
/// </summary>
[Config(typeof(TierConfig))]
public class ActivationBenchmarks
{
    private float[] u = [];
    private float[] o = [];

    [Params(256, 4096)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TierCheck.Verify();
        var random = new Random(42);
        u = Enumerable.Range(0, Length).Select(_ => (float)((random.NextDouble() * 16) - 8)).ToArray();
        o = new float[Length];
    }

    [Benchmark]
    public void SigmoidOurs() => ElementwiseDriver.Unary(new SigmoidOperator(), u, o);

    [Benchmark]
    public void SigmoidTensorPrimitives() => TensorPrimitives.Sigmoid(u, o);

    [Benchmark]
    public void TanhOurs() => ElementwiseDriver.Unary(new TanhOperator(), u, o);

    [Benchmark]
    public void TanhTensorPrimitives() => TensorPrimitives.Tanh(u, o);

    [Benchmark]
    public void GeluOurs() => ElementwiseDriver.Unary(new GeluOperator(), u, o);

    [Benchmark]
    public void SiluOurs() => ElementwiseDriver.Unary(new SiluOperator(), u, o);

    [Benchmark]
    public void SoftplusOurs() => ElementwiseDriver.Unary(new SoftplusOperator(), u, o);

    [Benchmark]
    public void ReluOurs() => ElementwiseDriver.Unary(new ReluOperator(), u, o);

    [Benchmark]
    public void ReluTensorPrimitives() => TensorPrimitives.Max(u, 0f, o);
}
