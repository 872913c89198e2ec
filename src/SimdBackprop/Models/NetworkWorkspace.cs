namespace SimdBackprop;

/// <summary>
/// The per-batch buffers of a <see cref="Network"/>: each layer's u and o, and the gradient scratch of the
/// backward pass, sized for up to <see cref="BatchCapacity"/> samples. Reuse one per thread: a workspace is
/// not safe for concurrent use, but any number of workspaces can run forward passes of one network at once.
/// </summary>
public sealed class NetworkWorkspace
{
    internal NetworkWorkspace(Network network, int batchCapacity)
    {
        Network = network;
        BatchCapacity = batchCapacity;
        int layers = network.LayerCount;
        PreActivations = new float[layers][];
        Outputs = new float[layers][];
        int widest = network.InputSize;
        for (int l = 0; l < layers; l++)
        {
            int size = network.Layers[l].Size;
            PreActivations[l] = new float[batchCapacity * size]; // u_l: batch × size
            Outputs[l] = new float[batchCapacity * size];        // o_l: batch × size
            widest = Math.Max(widest, size);
        }

        // Backward ping-pongs δ and dInput between two buffers of batch × widest layer.
        DeltaA = new float[batchCapacity * widest];
        DeltaB = new float[batchCapacity * widest];
        LossGradient = new float[batchCapacity * network.OutputSize]; // ∂E/∂ŷ: batch × outputs
    }

    /// <summary>The network this workspace was made for.</summary>
    public Network Network { get; }

    /// <summary>The largest batch this workspace can hold.</summary>
    public int BatchCapacity { get; }

    internal float[][] PreActivations { get; }

    internal float[][] Outputs { get; }

    internal float[] DeltaA { get; }

    internal float[] DeltaB { get; }

    internal float[] LossGradient { get; }
}
