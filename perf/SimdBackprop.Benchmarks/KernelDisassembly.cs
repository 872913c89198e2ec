using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;
using SimdBackprop.Kernels.PackedLayer;

namespace SimdBackprop.Benchmarks;

/// <summary>
/// The machine code the JIT generates for the kernels people profile, once per SIMD tier leg, written by
/// BenchmarkDotNet's disassembler (0.15.8 works here on Linux x64: each leg's process disassembles its own
/// code, so the 512-bit leg shows zmm and embedded broadcasts, the AVX2 leg ymm0–15 only).
/// The calls run long enough to tier up; the kernel bodies are AggressiveOptimization anyway.
/// <c>SIMDBACKPROP_TIERS=V512,AVX2 dotnet run -c Release --project perf/SimdBackprop.Benchmarks -- --filter '*KernelDisassembly*'</c>
/// → <c>BenchmarkDotNet.Artifacts/results/*KernelDisassembly-asm.md</c>, one section per leg.
/// </summary>
[Config(typeof(KernelDisassemblyConfig))]
public class KernelDisassembly
{
    private const int N = 256, K = 784;

    private readonly float[] bias = new float[N];
    private readonly float[] x = new float[4 * K];
    private readonly float[] y = new float[4 * N];
    private float[] float32 = [];
    private ushort[] bfloat16 = [];
    private float[] a = [], b = [], c = [];

    [GlobalSetup]
    public void Setup()
    {
        TierCheck.Verify();
        float[] w = Enumerable.Range(0, N * K).Select(i => (i % 13) * 0.01f).ToArray();
        float32 = new float[PackedLayerKernel.PackedLength(N, K)];
        bfloat16 = new ushort[PackedLayerKernel.PackedLength(N, K)];
        PackedLayerKernel.Pack<float, Float32Weights>(w, N, K, float32);
        PackedLayerKernel.Pack<ushort, BFloat16Weights>(w, N, K, bfloat16);
        a = new float[128 * 128];
        b = new float[128 * 128];
        c = new float[128 * 128];
    }

    /// <summary>The predictor's batch-1 layer: float32 weights (Block8x1 at 512 bits, Block4x1 at 256).</summary>
    [Benchmark]
    public void PackedLayerFloat32() =>
        PackedLayerKernel.Forward<float, Float32Weights>(Simd.Tier, float32, bias, N, K, PackedLayerEpilogue.Relu, x, K, 1, y, N);

    /// <summary>The same with bfloat16 weights: the widening loads (vpmovzxwd, vpslld) inside the FMA loop.</summary>
    [Benchmark]
    public void PackedLayerBFloat16() =>
        PackedLayerKernel.Forward<ushort, BFloat16Weights>(Simd.Tier, bfloat16, bias, N, K, PackedLayerEpilogue.Relu, x, K, 1, y, N);

    /// <summary>A square GEMM: the driver, packing and the micro-kernel tiles of the tier.</summary>
    [Benchmark]
    public void Gemm128() => Gemm.Multiply(false, false, 128, 128, 128, 1f, a, 128, b, 128, 0f, c, 128);
}

/// <summary>Every tier leg, a short run, the disassembler following calls into the kernels.</summary>
public sealed class KernelDisassemblyConfig : TierConfig
{
    public KernelDisassemblyConfig()
        : base(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(5).WithIterationTime(TimeInterval.FromMilliseconds(100)))
    {
        AddDiagnoser(new DisassemblyDiagnoser(new DisassemblyDiagnoserConfig(
            maxDepth: 4,
            exportGithubMarkdown: true,
            exportCombinedDisassemblyReport: true)));
    }
}
