using System.Runtime.CompilerServices;
using SimdBackprop.Kernels.PackedLayer;
using SimdBackprop.LayerMath;

namespace SimdBackprop.Uses.Serving;

/// <summary>
/// One immutable parameter set of a <see cref="Predictor"/>: every layer's θ packed for <see cref="PackedLayerKernel"/>
/// in the chosen <see cref="WeightPrecision"/>, in one pinned, 64-byte aligned buffer laid out in the order a
/// forward pass streams it (θ_1, θ_2, …), and the biases, padded to the packed row counts, in another.
/// Written once in the constructor, then only read, by any number of threads.
/// </summary>
internal sealed class PredictorModel
{
    private const int Alignment = 64; // bytes: each layer's θ starts on a cache line

    private readonly float[]? float32Weights;   // pinned; packed θ_l at weightOffsets[l] (Float32)
    private readonly ushort[]? bfloat16Weights; // pinned; packed θ_l at weightOffsets[l] (BFloat16)
    private readonly float[] biases;            // pinned; padded b_l at biasOffsets[l]
    private readonly int[] weightOffsets;
    private readonly int[] biasOffsets;
    private readonly int[] inputSizes;          // k of layer l
    private readonly int[] outputSizes;         // n of layer l
    private readonly Activation[] activations;

    public PredictorModel(Network network, WeightPrecision precision, long version)
    {
        int layers = network.LayerCount;
        weightOffsets = new int[layers];
        biasOffsets = new int[layers];
        inputSizes = new int[layers];
        outputSizes = new int[layers];
        activations = new Activation[layers];
        int widest = 0;
        for (int l = 0; l < layers; l++)
        {
            inputSizes[l] = network.LayerInputSize(l);
            outputSizes[l] = network.Layers[l].Size;
            activations[l] = network.Layers[l].Activation;
            widest = Math.Max(widest, PackedLayerKernel.PaddedRows(outputSizes[l]));
        }

        Precision = precision;
        if (precision == WeightPrecision.BFloat16)
        {
            bfloat16Weights = PackWeights<ushort, BFloat16Weights>(network);
        }
        else
        {
            float32Weights = PackWeights<float, Float32Weights>(network);
        }

        biases = Allocate<float>(outputSizes.Sum(n => (long)PackedLayerKernel.PaddedRows(n)), out int offset);
        for (int l = 0; l < layers; l++)
        {
            biasOffsets[l] = offset;
            network.Bias(l).CopyTo(biases.AsSpan(offset, outputSizes[l]));
            offset += PackedLayerKernel.PaddedRows(outputSizes[l]);
        }

        InputSize = network.InputSize;
        OutputSize = network.OutputSize;
        WidestPaddedLayer = widest;
        MultiplyAddsPerSample = Enumerable.Range(0, layers).Sum(l => (long)outputSizes[l] * inputSizes[l]);
        Version = version;
    }

    /// <summary>How θ is stored.</summary>
    public WeightPrecision Precision { get; }

    public int InputSize { get; }

    public int OutputSize { get; }

    public int LayerCount => outputSizes.Length;

    /// <summary>Σ_l n_l·k_l: the multiply-adds of one sample (what a parallel call weighs against waking a thread).</summary>
    public long MultiplyAddsPerSample { get; }

    /// <summary>The largest padded layer width: a workspace row must hold this many floats.</summary>
    public int WidestPaddedLayer { get; }

    /// <summary>1 for the parameters the predictor was built with, then +1 per publish.</summary>
    public long Version { get; }

    /// <summary>
    /// Runs <paramref name="batch"/> samples through every layer, ping-ponging between the two halves of
    /// <paramref name="workspace"/> (each batch·WidestPaddedLayer), and copies the last layer's outputs
    /// (batch × OutputSize) into <paramref name="output"/>. Lengths are the caller's to validate.
    /// </summary>
    public void Forward(SimdTier tier, ReadOnlySpan<float> input, int batch, Span<float> output, Span<float> workspace)
    {
        int half = batch * WidestPaddedLayer;
        Span<float> ping = workspace[..half], pong = workspace.Slice(half, half);
        ReadOnlySpan<float> x = input;
        int ldx = InputSize;
        for (int l = 0; l < outputSizes.Length; l++)
        {
            int n = outputSizes[l], k = inputSizes[l], rows = PackedLayerKernel.PaddedRows(n);
            Span<float> y = (l & 1) == 0 ? ping : pong;
            Activation activation = activations[l];
            PackedLayerEpilogue epilogue = activation.Kind switch
            {
                ActivationKind.ReLU => PackedLayerEpilogue.Relu,
                ActivationKind.LeakyReLU => PackedLayerEpilogue.LeakyRelu(activation.Slope),
                _ => PackedLayerEpilogue.None,
            };
            ReadOnlySpan<float> b = biases.AsSpan(biasOffsets[l], rows);
            if (float32Weights is not null)
            {
                PackedLayerKernel.Forward<float, Float32Weights>(
                    tier, float32Weights.AsSpan(weightOffsets[l], rows * k), b, n, k, epilogue, x, ldx, batch, y, rows);
            }
            else
            {
                PackedLayerKernel.Forward<ushort, BFloat16Weights>(
                    tier, bfloat16Weights.AsSpan(weightOffsets[l], rows * k), b, n, k, epilogue, x, ldx, batch, y, rows);
            }

            if (activation.Kind is not (ActivationKind.Identity or ActivationKind.ReLU or ActivationKind.LeakyReLU))
            {
                // σ without a register epilogue: applied in place to each sample's n outputs (not the padding,
                // which the next layer never reads) while the rows are in L1.
                for (int s = 0; s < batch; s++)
                {
                    Span<float> o = y.Slice(s * rows, n);
                    ActivationDispatch.Forward(activation, n, o, o);
                }
            }

            x = y;
            ldx = rows;
        }

        if (ldx == OutputSize)
        {
            x[..(batch * OutputSize)].CopyTo(output);
        }
        else
        {
            for (int s = 0; s < batch; s++)
            {
                x.Slice(s * ldx, OutputSize).CopyTo(output.Slice(s * OutputSize, OutputSize));
            }
        }
    }

    /// <summary>Packs every layer's θ into one aligned buffer of <typeparamref name="TWeight"/>, each layer starting on
    /// a cache line; records the offsets.</summary>
    private TWeight[] PackWeights<TWeight, TLoad>(Network network)
        where TWeight : unmanaged
        where TLoad : struct, IPackedWeights<TWeight>
    {
        int perLine = Alignment / Unsafe.SizeOf<TWeight>();
        long length = 0;
        for (int l = 0; l < outputSizes.Length; l++)
        {
            length += RoundUp(PackedLayerKernel.PackedLength(outputSizes[l], inputSizes[l]), perLine);
        }

        TWeight[] buffer = Allocate<TWeight>(length, out int offset);
        for (int l = 0; l < outputSizes.Length; l++)
        {
            int n = outputSizes[l], k = inputSizes[l];
            int packed = (int)PackedLayerKernel.PackedLength(n, k);
            weightOffsets[l] = offset;
            PackedLayerKernel.Pack<TWeight, TLoad>(network.Weights(l), n, k, buffer.AsSpan(offset, packed));
            offset += (int)RoundUp(packed, perLine);
        }

        return buffer;
    }

    /// <summary>A pinned array of at least <paramref name="length"/> elements from a 64-byte aligned <paramref name="start"/>.</summary>
    private static unsafe T[] Allocate<T>(long length, out int start)
        where T : unmanaged
    {
        int perLine = Alignment / sizeof(T);
        if (length + perLine > Array.MaxLength)
        {
            throw new ArgumentException("The network is too large to pack into one buffer.", "network");
        }

        T[] buffer = GC.AllocateArray<T>((int)length + perLine, pinned: true);
        nuint address = (nuint)Unsafe.AsPointer(ref buffer[0]);
        start = (int)((Alignment - (address & (Alignment - 1))) & (Alignment - 1)) / sizeof(T);
        return buffer;
    }

    private static long RoundUp(long value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
