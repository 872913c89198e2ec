using System.Numerics.Tensors;
using SimdBackprop.Kernels.Elementwise;
using SimdBackprop.Kernels.Elementwise.Activations;
using SimdBackprop.Kernels.MathFunctions;
using SimdBackprop.Kernels.Threading;

namespace SimdBackprop.LayerMath;

/// <summary>
/// Maps an <see cref="Activation"/> to its operator struct and runs the generic element-wise driver. The
/// switch happens once per call (not per element); each case instantiates the driver for one struct, so
/// the JIT inlines that activation's bodies into the loop. Callers (the public API) have validated lengths,
/// overlap and that the activation has a derivative.
/// </summary>
internal static class ActivationDispatch
{
    // Forward at the uncapped tier: TensorPrimitives.Max(u, 0) for ReLU, where it is as fast as ours or faster;
    // our operators for every other activation (faster, and TensorPrimitives.Tanh misses the 8ε bound near 0;
    // leaky ReLU, softplus, SiLU and GELU have no TensorPrimitives counterpart). Under any lower tier cap ours
    // always runs, so the capped-tier tests exercise our operators at every width. Figures: perf/results.md,
    // "Activations: ours against TensorPrimitives".
    private static bool Uncapped => Simd.Tier == Simd.HardwareTier;

    /// <summary>
    /// o = σ(u) for rows of <paramref name="features"/> values on up to <paramref name="degreeOfParallelism"/>
    /// threads (1: this one), cut between rows on cache lines: each element is computed by the very vector
    /// operation the single-threaded pass uses, so the bits are the same.
    /// </summary>
    public static unsafe void Forward(Activation activation, int features, ReadOnlySpan<float> u, Span<float> o, int degreeOfParallelism)
    {
        if (degreeOfParallelism == 1 || features == 0)
        {
            Forward(activation, features, u, o);
            return;
        }

        fixed (float* pu = u, po = o)
        {
            var rows = new ActivationForwardRows(activation, features, pu, po);
            ForkJoin.RunRange(rows, u.Length / features, features, ForkJoin.MinElementsPerThread, ForkJoin.LineAlignedRows(features), degreeOfParallelism);
        }
    }

    /// <summary>δ from ∂E/∂o for rows of <paramref name="features"/> values on up to <paramref name="degreeOfParallelism"/>
    /// threads, cut as <see cref="Forward(Activation, int, ReadOnlySpan{float}, Span{float}, int)"/> is.</summary>
    public static unsafe void Backward(
        Activation activation, int features, ReadOnlySpan<float> dOutput, ReadOnlySpan<float> u, ReadOnlySpan<float> o, Span<float> delta, int degreeOfParallelism)
    {
        if (degreeOfParallelism == 1 || features == 0)
        {
            Backward(activation, features, dOutput, u, o, delta);
            return;
        }

        fixed (float* pd = dOutput, pu = u, po = o, pdelta = delta)
        {
            var rows = new ActivationBackwardRows(activation, features, pd, pu, po, pdelta);
            ForkJoin.RunRange(rows, dOutput.Length / features, features, ForkJoin.MinElementsPerThread, ForkJoin.LineAlignedRows(features), degreeOfParallelism);
        }
    }

    /// <summary>o = σ(u) for rows of <paramref name="features"/> values (only softmax looks at the rows).</summary>
    public static void Forward(Activation activation, int features, ReadOnlySpan<float> u, Span<float> o)
    {
        if (activation.IsElementwise)
        {
            Forward(activation, u, o);
        }
        else if (features > 0)
        {
            SoftmaxKernel.Forward(u.Length / features, features, u, o);
        }
    }

    /// <summary>δ from ∂E/∂o for rows of <paramref name="features"/> values (softmax through its Jacobian).</summary>
    public static void Backward(Activation activation, int features, ReadOnlySpan<float> dOutput, ReadOnlySpan<float> u, ReadOnlySpan<float> o, Span<float> delta)
    {
        if (activation.IsElementwise)
        {
            Backward(activation, dOutput, u, o, delta);
        }
        else if (features > 0)
        {
            SoftmaxKernel.Backward(dOutput.Length / features, features, dOutput, o, delta);
        }
    }

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
            case ActivationKind.Gelu:
                ElementwiseDriver.Unary(new GeluOperator(), u, o);
                break;
            default:
                ElementwiseDriver.Unary(new GeluTanhOperator(), u, o);
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
            case ActivationKind.Gelu:
                Backward(new GeluOperator(), dOutput, u, o, delta);
                break;
            default:
                Backward(new GeluTanhOperator(), dOutput, u, o, delta);
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
            case ActivationKind.Gelu:
                Derivative(new GeluOperator(), u, o, destination);
                break;
            default:
                Derivative(new GeluTanhOperator(), u, o, destination);
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
