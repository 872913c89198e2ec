using System.Numerics.Tensors;
using SimdBackprop.Kernels.Elementwise;
using SimdBackprop.Kernels.Elementwise.Activations;
using SimdBackprop.Kernels.MathFunctions;

namespace SimdBackprop.LayerMath;

/// <summary>
/// Maps an <see cref="Activation"/> to its operator struct and runs the generic element-wise driver. The
/// switch happens once per call (not per element); each case instantiates the driver for one struct, so
/// the JIT inlines that activation's bodies into the loop. Callers (the public API) have validated lengths,
/// overlap and that the activation has a derivative.
/// </summary>
internal static class ActivationDispatch
{
    // Forward at the uncapped tier: TensorPrimitives where it measured faster (and met our accuracy bounds),
    // ours elsewhere. Under any lower tier cap ours always runs, so the capped-tier tests exercise our
    // operators at every width.
    // Figures: the ActivationBenchmarks methods (perf/SimdBackprop.Benchmarks/ActivationBenchmarks.cs) timed
    // back-to-back in one process by a Stopwatch harness calling the benchmark class (2 s warm-up, best of 150
    // interleaved rounds), 5 processes per width; min / median over the processes, ns. AMD EPYC Zen 5, 2 cores,
    // AVX-512, shared with other agents' builds (load 3–5); .NET 10.0.12, System.Numerics.Tensors 10.0.0;
    // 2026-11-22. Ours / TensorPrimitives:
    //                512-bit (default)                          256-bit (DOTNET_PreferredVectorBitWidth=256)
    //   sigmoid n=256:  74/91 vs 222/300   n=4096: 1262/1475 vs 2181/2638   n=256: 116/160 vs 243/325   n=4096: 1969/2569 vs 3206/3362 → ours
    //   tanh    n=256: 272/556 vs 234/357  n=4096: 3225/9275 vs 2544/3181   n=256: 298/379 vs 254/324   n=4096: 4506/5412 vs 3625/3856 → ours,
    //           for accuracy: TensorPrimitives.Tanh loses relative accuracy near 0 (tanh(−0.00087672035) came out
    //           −0.000876688, 3.7e−5 off), far outside the 8ε bound the tests hold every tier to. (Our 512-bit tanh
    //           and softplus loops are bimodal across processes, ~3× between min and median, with identical machine
    //           code in fast and slow processes; sigmoid, SiLU and GELU are not.)
    //   ReLU    n=256:  20/23 vs 19/21     n=4096:  256/400 vs 206/288      n=256:  18/23 vs 18/20     n=4096:  275/388 vs 206/212  → TensorPrimitives.Max(u, 0)
    // Before ExpKernel (runtime Vector512.Exp: an out-of-line call that widens to double), same harness: sigmoid
    // n=4096 at 512 bits 3031/8750 vs TensorPrimitives 2150/2625, tanh 4238/14538, GELU 4394/13481.
    // Leaky ReLU, softplus, SiLU and GELU have no TensorPrimitives counterpart.
    private static bool Uncapped => Simd.Tier == Simd.HardwareTier;

    public static void Forward(Activation activation, ReadOnlySpan<float> u, Span<float> o)
    {
        if (u.IsEmpty)
        {
            return; // nothing to do, and TensorPrimitives.Max rejects empty inputs
        }

        switch (activation.Kind)
        {
            case ActivationKind.ReLU when Uncapped:
                TensorPrimitives.Max(u, 0f, o);
                break;
            case ActivationKind.Identity:
                u.CopyTo(o); // Memmove: exact in-place is a no-op copy.
                break;
            case ActivationKind.Threshold:
                ElementwiseDriver.Unary(new ThresholdOperator(), u, o);
                break;
            case ActivationKind.Sigmoid:
                ElementwiseDriver.Unary(new SigmoidOperator(), u, o);
                break;
            case ActivationKind.Tanh:
                ElementwiseDriver.Unary(new TanhOperator(), u, o);
                break;
            case ActivationKind.ReLU:
                ElementwiseDriver.Unary(new ReluOperator(), u, o);
                break;
            case ActivationKind.LeakyReLU:
                ElementwiseDriver.Unary(new LeakyReluOperator(activation.Slope), u, o);
                break;
            case ActivationKind.Softplus:
                ElementwiseDriver.Unary(new SoftplusOperator(), u, o);
                break;
            case ActivationKind.SiLU:
                ElementwiseDriver.Unary(new SiluOperator(), u, o);
                break;
            default:
                ElementwiseDriver.Unary(new GeluOperator(), u, o);
                break;
        }
    }

    public static void Backward(Activation activation, ReadOnlySpan<float> dOutput, ReadOnlySpan<float> u, ReadOnlySpan<float> o, Span<float> delta)
    {
        switch (activation.Kind)
        {
            case ActivationKind.Identity:
                dOutput.CopyTo(delta); // σ' = 1: δ is dOutput itself.
                break;
            case ActivationKind.Sigmoid:
                Backward(new SigmoidOperator(), dOutput, u, o, delta);
                break;
            case ActivationKind.Tanh:
                Backward(new TanhOperator(), dOutput, u, o, delta);
                break;
            case ActivationKind.ReLU:
                Backward(new ReluOperator(), dOutput, u, o, delta);
                break;
            case ActivationKind.LeakyReLU:
                Backward(new LeakyReluOperator(activation.Slope), dOutput, u, o, delta);
                break;
            case ActivationKind.Softplus:
                Backward(new SoftplusOperator(), dOutput, u, o, delta);
                break;
            case ActivationKind.SiLU:
                Backward(new SiluOperator(), dOutput, u, o, delta);
                break;
            default:
                Backward(new GeluOperator(), dOutput, u, o, delta);
                break;
        }
    }

    public static void Derivative(Activation activation, ReadOnlySpan<float> u, ReadOnlySpan<float> o, Span<float> destination)
    {
        switch (activation.Kind)
        {
            case ActivationKind.Identity:
                Derivative(new IdentityOperator(), u, o, destination);
                break;
            case ActivationKind.Sigmoid:
                Derivative(new SigmoidOperator(), u, o, destination);
                break;
            case ActivationKind.Tanh:
                Derivative(new TanhOperator(), u, o, destination);
                break;
            case ActivationKind.ReLU:
                Derivative(new ReluOperator(), u, o, destination);
                break;
            case ActivationKind.LeakyReLU:
                Derivative(new LeakyReluOperator(activation.Slope), u, o, destination);
                break;
            case ActivationKind.Softplus:
                Derivative(new SoftplusOperator(), u, o, destination);
                break;
            case ActivationKind.SiLU:
                Derivative(new SiluOperator(), u, o, destination);
                break;
            default:
                Derivative(new GeluOperator(), u, o, destination);
                break;
        }
    }

    private static void Backward<TActivation>(TActivation activation, ReadOnlySpan<float> dOutput, ReadOnlySpan<float> u, ReadOnlySpan<float> o, Span<float> delta)
        where TActivation : struct, IActivationOperator =>
        ElementwiseDriver.Ternary(new BackwardOperator<TActivation>(activation), dOutput, u, o, delta);

    private static void Derivative<TActivation>(TActivation activation, ReadOnlySpan<float> u, ReadOnlySpan<float> o, Span<float> destination)
        where TActivation : struct, IActivationOperator =>
        ElementwiseDriver.Binary(new DerivativeOperator<TActivation>(activation), u, o, destination);
}
