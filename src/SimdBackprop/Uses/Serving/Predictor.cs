using System.Diagnostics;
using System.Runtime.CompilerServices;
using SimdBackprop.Kernels.Threading;
using SimdBackprop.Uses.Serving;
using SimdBackprop.Validation;

namespace SimdBackprop;

/// <summary>
/// A thread-safe, allocation-free, lock-free forward pass of a trained <see cref="Network"/> for services.
/// The constructor snapshots the network's parameters into an immutable model packed for the serving kernel
/// (the network can go on training); any number of threads may call <see cref="Predict(ReadOnlySpan{float}, Span{float})"/>
/// at once; a training thread hands over new parameters with <see cref="Publish"/>, an atomic swap: a call
/// in flight finishes on the model it started with and never sees a half-written one.
/// </summary>
/// <remarks>
/// Each calling thread keeps its own scratch buffers (sized on its first call, regrown only when a larger
/// model or batch arrives), so after warm-up a call allocates 0 bytes and takes no lock. For the same model
/// and SIMD tier, outputs are bit-identical whatever the thread, the batch size or the sample's position in
/// the batch; a network whose activations are all identity, ReLU or leaky ReLU gives the same bits on every
/// tier as well (every output is b_i + Σ_k θ_ik·x_k fused in k order; see the packed kernel).
/// Batch-1 calls are a matrix-vector product per layer on weights packed at construction in the order the
/// kernel streams them, with bias and activation applied to the outputs while they are in registers.
/// Telemetry: the instruments of the <c>SimdBackprop</c> meter (calls, samples, a latency histogram, the
/// model version, publishes, the SIMD tier), timed only while a listener is attached.
/// </remarks>
public sealed class Predictor
{
    /// <summary>Samples run through the layers together; larger batches go in chunks of this many, so the
    /// per-thread scratch stays bounded (2 · 64 · widest layer floats).</summary>
    private const int ChunkSamples = 64;

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> predictors record into: pass it to
    /// OpenTelemetry's <c>AddMeter</c> or to <c>dotnet-counters --counters</c>.</summary>
    public const string MeterName = PredictorMetrics.MeterName;

    [ThreadStatic]
    private static float[]? workspace;

    private PredictorModel model;

    /// <summary>Builds a predictor from a snapshot of <paramref name="network"/>'s current parameters.</summary>
    /// <param name="network">The trained network; it is copied, not referenced.</param>
    /// <param name="precision">How the weights are stored: <see cref="WeightPrecision.Float32"/> (the default), or
    /// <see cref="WeightPrecision.BFloat16"/> for half the bytes per call within a stated error bound. Every
    /// <see cref="Publish"/> keeps it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="precision"/> is not a defined value.</exception>
    public Predictor(Network network, WeightPrecision precision = WeightPrecision.Float32)
    {
        ArgumentNullException.ThrowIfNull(network);
        Check.Defined(precision, nameof(precision));
        model = new PredictorModel(network, precision, 1);
        WarmUp(model);
        PredictorMetrics.RecordModel(1);
    }

    /// <summary>How the weights are stored (fixed at construction).</summary>
    public WeightPrecision Precision => Volatile.Read(ref model).Precision;

    /// <summary>Features of one input sample.</summary>
    public int InputSize => Volatile.Read(ref model).InputSize;

    /// <summary>Outputs of one sample.</summary>
    public int OutputSize => Volatile.Read(ref model).OutputSize;

    /// <summary>The version of the parameters new calls run on: 1 at construction, +1 per <see cref="Publish"/>.</summary>
    public long Version => Volatile.Read(ref model).Version;

    /// <summary>
    /// Snapshots <paramref name="network"/>'s parameters into a new packed model (off the request path, on
    /// the calling thread) and swaps it in atomically. Calls already running finish on the previous model;
    /// calls starting after this returns use the new one. The hidden layers may change; the input and output
    /// sizes may not, so callers' buffers stay valid. Call it from the thread that trains the network (the
    /// network must not change while it is being copied). Concurrent publishes are safe: the last swap wins.
    /// </summary>
    /// <param name="network">The network to serve from now on; it is copied, not referenced.</param>
    /// <returns>The version of the published parameters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="ArgumentException">Its input or output size differs from this predictor's.</exception>
    public long Publish(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        PredictorModel current = Volatile.Read(ref model);
        if (network.InputSize != current.InputSize || network.OutputSize != current.OutputSize)
        {
            ThrowHelper.Argument(
                nameof(network),
                $"The network maps {network.InputSize} inputs to {network.OutputSize} outputs; this predictor serves {current.InputSize} → {current.OutputSize}.");
        }

        while (true)
        {
            var next = new PredictorModel(network, current.Precision, current.Version + 1);
            PredictorModel seen = Interlocked.CompareExchange(ref model, next, current);
            if (ReferenceEquals(seen, current))
            {
                PredictorMetrics.Publishes.Add(1);
                PredictorMetrics.RecordModel(next.Version);
                return next.Version;
            }

            current = seen; // another publisher won: rebuild with the next version number
        }
    }

    /// <summary>Predicts one sample: <paramref name="output"/> = network(<paramref name="input"/>).</summary>
    /// <param name="input">The sample: exactly <see cref="InputSize"/> features.</param>
    /// <param name="output">Receives exactly <see cref="OutputSize"/> outputs.</param>
    /// <returns>The <see cref="Version"/> of the model that computed <paramref name="output"/>.</returns>
    /// <exception cref="ArgumentException">A span's length is not the one required (the exception names it).</exception>
    public long Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        PredictorModel m = Volatile.Read(ref model);
        if (input.Length != m.InputSize)
        {
            ThrowHelper.LengthMismatch(nameof(input), input.Length, m.InputSize);
        }

        if (output.Length != m.OutputSize)
        {
            ThrowHelper.LengthMismatch(nameof(output), output.Length, m.OutputSize);
        }

        Run(m, input, 1, output, 1);
        return m.Version;
    }

    /// <summary>Predicts a batch: row s of <paramref name="outputs"/> = network(row s of <paramref name="inputs"/>).
    /// Each row's result is bit-identical to a single-sample call on it.</summary>
    /// <param name="inputs">batch × <see cref="InputSize"/>, row-major, exactly.</param>
    /// <param name="batch">Samples (0 or more).</param>
    /// <param name="outputs">Receives batch × <see cref="OutputSize"/>, row-major, exactly.</param>
    /// <returns>The <see cref="Version"/> of the model that computed every row of <paramref name="outputs"/>
    /// (a concurrent <see cref="Publish"/> never splits a call).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative.</exception>
    /// <exception cref="ArgumentException">A span's length is not the one required (the exception names it).</exception>
    public long Predict(ReadOnlySpan<float> inputs, int batch, Span<float> outputs)
    {
        PredictorModel m = Volatile.Read(ref model);
        ValidateBatch(m, inputs, batch, outputs);
        if (batch != 0)
        {
            Run(m, inputs, batch, outputs, 1);
        }

        return m.Version;
    }

    /// <summary>
    /// Predicts a batch on up to <paramref name="degreeOfParallelism"/> threads: the caller and idle workers of
    /// the library's pool (started on first use, then kept; none is started or used when the degree is 1). The
    /// samples are cut into contiguous ranges; each row is bit-identical to the single-threaded call's (a
    /// sample's outputs depend on that sample alone). Batches too small to repay waking a thread (under about
    /// 2¹⁸ multiply-adds per thread) run on the caller only. Allocates nothing after warm-up.
    /// </summary>
    /// <param name="inputs">batch × <see cref="InputSize"/>, row-major, exactly.</param>
    /// <param name="batch">Samples (0 or more).</param>
    /// <param name="outputs">Receives batch × <see cref="OutputSize"/>, row-major, exactly.</param>
    /// <param name="degreeOfParallelism">Threads at most, the caller's included (1 or more).</param>
    /// <returns>The <see cref="Version"/> of the model that computed every row.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative or <paramref name="degreeOfParallelism"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A span's length is not the one required (the exception names it).</exception>
    public long Predict(ReadOnlySpan<float> inputs, int batch, Span<float> outputs, int degreeOfParallelism)
    {
        Check.Positive(degreeOfParallelism, nameof(degreeOfParallelism));
        PredictorModel m = Volatile.Read(ref model);
        ValidateBatch(m, inputs, batch, outputs);
        if (batch != 0)
        {
            Run(m, inputs, batch, outputs, degreeOfParallelism);
        }

        return m.Version;
    }

    /// <summary>Runs samples through the model in chunks of <see cref="ChunkSamples"/> (bounded per-thread scratch): the
    /// whole batch of a serial call, or one range of a parallel one on whichever thread runs it.</summary>
    internal static void RunChunks(PredictorModel m, SimdTier tier, ReadOnlySpan<float> inputs, int batch, Span<float> outputs)
    {
        int chunk = Math.Min(batch, ChunkSamples);
        Span<float> scratch = Workspace(2 * chunk * m.WidestPaddedLayer);
        int inputSize = m.InputSize, outputSize = m.OutputSize;
        for (int s = 0; s < batch; s += chunk)
        {
            int count = Math.Min(chunk, batch - s);
            m.Forward(tier, inputs.Slice(s * inputSize, count * inputSize), count, outputs.Slice(s * outputSize, count * outputSize), scratch);
        }
    }

    /// <summary>
    /// Runs the model once at batch 1 and once at batch 5 (the four-sample and single-sample kernels) on zeros,
    /// bypassing the telemetry, and touches the meter, so the JIT compiles the serving path and the meter is
    /// built here rather than in the first request (≈ 15 ms on a fresh process;
    /// perf/results.md, "Cold start"). The packed kernel and its drivers skip tiering (see PackedLayerKernel); the
    /// rest of this path tiers up as usual: skipping tiering here too measured no better over the first 1,000 calls.
    /// </summary>
    private static void WarmUp(PredictorModel m)
    {
        const int batch = 5;
        var inputs = new float[batch * m.InputSize];
        var outputs = new float[batch * m.OutputSize];
        RunChunks(m, Simd.Tier, inputs.AsSpan(0, m.InputSize), 1, outputs.AsSpan(0, m.OutputSize));
        RunChunks(m, Simd.Tier, inputs, batch, outputs);
        _ = PredictorMetrics.CallsObserved; // building the meter and its instruments: here, not in the first call
    }

    /// <summary>Runs the samples on up to <paramref name="degreeOfParallelism"/> threads (1: this one), timed only while the meter is observed.</summary>
    private static void Run(PredictorModel m, ReadOnlySpan<float> inputs, int batch, Span<float> outputs, int degreeOfParallelism)
    {
        if (!PredictorMetrics.CallsObserved)
        {
            Execute(m, inputs, batch, outputs, degreeOfParallelism);
            return;
        }

        long start = Stopwatch.GetTimestamp();
        Execute(m, inputs, batch, outputs, degreeOfParallelism);
        PredictorMetrics.RecordCall(batch, start);
    }

    /// <summary>All samples here (degree 1), or cut into ranges of at least 2¹⁸ multiply-adds and whole groups of four
    /// samples (the kernels' smaller tiles) across the caller and the pool.</summary>
    private static unsafe void Execute(PredictorModel m, ReadOnlySpan<float> inputs, int batch, Span<float> outputs, int degreeOfParallelism)
    {
        SimdTier tier = Simd.Tier;
        if (degreeOfParallelism == 1)
        {
            RunChunks(m, tier, inputs, batch, outputs);
            return;
        }

        fixed (float* x = inputs, y = outputs)
        {
            ForkJoin.RunRange(new PredictRange(m, tier, x, y), batch, m.MultiplyAddsPerSample, ForkJoin.MinWorkPerThread, 4, degreeOfParallelism);
        }
    }

    private static void ValidateBatch(PredictorModel m, ReadOnlySpan<float> inputs, int batch, Span<float> outputs)
    {
        Check.NonNegative(batch, nameof(batch));
        if (inputs.Length != (long)batch * m.InputSize)
        {
            ThrowHelper.Argument(nameof(inputs), $"Length {inputs.Length} is not batch × InputSize = {batch} × {m.InputSize}.");
        }

        if (outputs.Length != (long)batch * m.OutputSize)
        {
            ThrowHelper.Argument(nameof(outputs), $"Length {outputs.Length} is not batch × OutputSize = {batch} × {m.OutputSize}.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Span<float> Workspace(int length)
    {
        float[]? buffer = workspace;
        if (buffer is null || buffer.Length < length)
        {
            buffer = Grow(length);
        }

        return buffer;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float[] Grow(int length)
    {
        // Warm-up only: a thread's first call, or the first after a larger model or batch arrives.
        var buffer = GC.AllocateUninitializedArray<float>(length);
        workspace = buffer;
        return buffer;
    }
}
