using System.Runtime.CompilerServices;
using SimdBackprop.Kernels.PackedLayer;
using SimdBackprop.LayerMath;

namespace SimdBackprop.Uses.Serving;

/// <summary>
/// One immutable parameter set of a <see cref="Predictor"/>: every layer's θ packed for <see cref="PackedLayerKernel"/>
/// and its bias padded to the packed row count, in one pinned, 64-byte aligned buffer laid out in the order
/// a forward pass streams it (θ_1, b_1, θ_2, b_2, …). Written once in the constructor, then only read, by
/// any number of threads.
/// </summary>
internal sealed class PredictorModel
{
    private readonly float[] buffer;      // pinned: offsets computed from its address stay valid
    private readonly int[] weightOffsets; // start of packed θ_l in buffer (64-byte aligned)
    private readonly int[] biasOffsets;   // start of padded b_l in buffer (64-byte aligned)
    private readonly int[] inputSizes;    // k of layer l
    private readonly int[] outputSizes;   // n of layer l
    private readonly Activation[] activations;

    public PredictorModel(Network network, long version)
    {
        int layers = network.LayerCount;
        weightOffsets = new int[layers];
        biasOffsets = new int[layers];
        inputSizes = new int[layers];
        outputSizes = new int[layers];
        activations = new Activation[layers];
        long length = 0;
        int widest = 0;
        for (int l = 0; l < layers; l++)
        {
            int n = network.Layers[l].Size, k = network.LayerInputSize(l);
            inputSizes[l] = k;
            outputSizes[l] = n;
            activations[l] = network.Layers[l].Activation;
            length += PackedLayerKernel.PackedLength(n, k) + PackedLayerKernel.PaddedRows(n); // both multiples of 16 floats
            widest = Math.Max(widest, PackedLayerKernel.PaddedRows(n));
        }

        if (length + PackedLayerKernel.ColumnRows > Array.MaxLength)
        {
            throw new ArgumentException("The network is too large to pack into one buffer.", nameof(network));
        }

        buffer = GC.AllocateArray<float>((int)length + PackedLayerKernel.ColumnRows, pinned: true);
        int offset = AlignmentOffset(buffer);
        for (int l = 0; l < layers; l++)
        {
            int n = outputSizes[l], k = inputSizes[l];
            weightOffsets[l] = offset;
            PackedLayerKernel.Pack(network.Weights(l), n, k, buffer.AsSpan(offset, (int)PackedLayerKernel.PackedLength(n, k)));
            offset += (int)PackedLayerKernel.PackedLength(n, k);
            biasOffsets[l] = offset;
            network.Bias(l).CopyTo(buffer.AsSpan(offset, n));
            offset += PackedLayerKernel.PaddedRows(n);
        }

        InputSize = network.InputSize;
        OutputSize = network.OutputSize;
        WidestPaddedLayer = widest;
        Version = version;
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    public int LayerCount => outputSizes.Length;

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
            PackedLayerKernel.Forward(
                tier, buffer.AsSpan(weightOffsets[l], rows * k), buffer.AsSpan(biasOffsets[l], rows), n, k, epilogue,
                x, ldx, batch, y, rows);
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

    private static unsafe int AlignmentOffset(float[] pinned)
    {
        nuint address = (nuint)Unsafe.AsPointer(ref pinned[0]);
        return (int)((64 - (address & 63)) & 63) / sizeof(float);
    }
}
