using SimdBackprop.Kernels.MatrixProducts;
using SimdBackprop.Validation;

namespace SimdBackprop;

/// <summary>
/// The training loop of the derivation: batch learning (one update from the gradient summed over all M
/// samples), online learning (an update after every sample: batch size 1) and mini-batches in between.
/// Buffers are sized on first use; afterwards a step or an epoch allocates nothing.
/// </summary>
public sealed class Trainer
{
    private NetworkWorkspace? workspace;
    private float[] batchInput = [];   // gathered rows when shuffling: batchSize × InputSize
    private float[] batchTarget = [];  // batchSize × OutputSize
    private int[] order = [];          // sample permutation of the current epoch
    private readonly Random random;
    private readonly int largestLayerWeights; // θ of the largest layer: inputs × outputs

    /// <summary>Creates a trainer.</summary>
    /// <param name="network">The network to train.</param>
    /// <param name="optimizer">The update rule.</param>
    /// <param name="loss">E, with its own reduction per batch.</param>
    /// <param name="batchSize">Samples per update: 1 is online learning; the sample count (or more) is batch learning.</param>
    /// <param name="seed">Seed of the shuffling order.</param>
    /// <param name="degreeOfParallelism">Threads at most for each step's matrix products, activations, gradients and
    /// update (1, the default: this thread only, no other thread started). The trained parameters are bit-identical
    /// for every degree.</param>
    /// <exception cref="ArgumentException">A null argument, an undefined loss, a non-positive batch size or degree (named).</exception>
    public Trainer(Network network, Optimizer optimizer, LossKind loss, int batchSize, int seed = 0, int degreeOfParallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        Check.Defined(loss, nameof(loss));

        Check.Positive(batchSize, nameof(batchSize));
        Check.Positive(degreeOfParallelism, nameof(degreeOfParallelism));
        DegreeOfParallelism = degreeOfParallelism;
        int inputs = network.InputSize;
        foreach (LayerSpec layer in network.Layers)
        {
            largestLayerWeights = Math.Max(largestLayerWeights, inputs * layer.Size);
            inputs = layer.Size;
        }
        Network = network;
        Optimizer = optimizer;
        Loss = loss;
        BatchSize = batchSize;
        random = new Random(seed);
    }

    /// <summary>The network being trained.</summary>
    public Network Network { get; }

    /// <summary>The update rule.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The error function.</summary>
    public LossKind Loss { get; }

    /// <summary>Samples per update.</summary>
    public int BatchSize { get; }

    /// <summary>Threads at most for each step (matrix products, activations, gradients, update).</summary>
    public int DegreeOfParallelism { get; }

    /// <summary>One update from one batch: forward, loss, backward (writing this batch's gradients over whatever
    /// <see cref="Network.Gradients"/> held), optimizer step.</summary>
    /// <param name="input">batch × InputSize.</param>
    /// <param name="target">batch × OutputSize.</param>
    /// <param name="batch">Samples in this batch (1 … any; the workspace grows on first use).</param>
    /// <returns>E of the batch before the update.</returns>
    /// <exception cref="ArgumentException">A span is too short or the batch is not positive (named).</exception>
    public float Step(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch)
    {
        Check.Positive(batch, nameof(batch));
        NetworkWorkspace ws = Workspace(batch);

        // The backward pass writes the gradients instead of zeroing them and then adding to zeros: one pass over
        // ∂E/∂θ (0.94 MB for 784-256-128-10) fewer, and the weight-gradient products do not read it back.
        float e = Network.ComputeGradients(input, target, batch, Loss, ws, accumulate: false, DegreeOfParallelism);

        // The update is cut across threads only when the step's largest product was (then the gradients were
        // written by several cores, and the update's pieces each stream their part of θ and g). When every product
        // ran on this thread (batch 1 and 2 of 784-256-128-10), its cache holds θ and g, and a worker fetching half
        // of them across cores made the step slower (batch 1: 38 → 43 µs).
        int updateThreads = GemmParallel.Splits(batch, largestLayerWeights, 1, DegreeOfParallelism) ? DegreeOfParallelism : 1;
        Optimizer.Step(Network.Gradients, Network.Parameters, updateThreads);
        return e;
    }

    /// <summary>
    /// One pass over the data in batches of <see cref="BatchSize"/> (the last one partial), in data order or
    /// shuffled. Returns the mean of the batches' losses, each before its update.
    /// </summary>
    /// <param name="inputs">samples × InputSize.</param>
    /// <param name="targets">samples × OutputSize.</param>
    /// <param name="samples">Sample count (positive).</param>
    /// <param name="shuffle">Visit the samples in a fresh seeded random order.</param>
    /// <returns>The mean batch loss.</returns>
    /// <exception cref="ArgumentException">A span is too short or the count is not positive (named).</exception>
    public float TrainEpoch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int samples, bool shuffle = false)
    {
        Check.Positive(samples, nameof(samples));
        int inSize = Network.InputSize, outSize = Network.OutputSize;
        Check.AtLeast(inputs.Length, (long)samples * inSize, nameof(inputs));
        Check.AtLeast(targets.Length, (long)samples * outSize, nameof(targets));
        int batchSize = Math.Min(BatchSize, samples);
        if (shuffle)
        {
            PrepareShuffle(samples, batchSize);
        }

        double sum = 0;
        int batches = 0;
        for (int start = 0; start < samples; start += batchSize)
        {
            int count = Math.Min(batchSize, samples - start);
            ReadOnlySpan<float> x, t;
            if (shuffle)
            {
                for (int r = 0; r < count; r++)
                {
                    int s = order[start + r];
                    inputs.Slice(s * inSize, inSize).CopyTo(batchInput.AsSpan(r * inSize, inSize));
                    targets.Slice(s * outSize, outSize).CopyTo(batchTarget.AsSpan(r * outSize, outSize));
                }

                x = batchInput.AsSpan(0, count * inSize);
                t = batchTarget.AsSpan(0, count * outSize);
            }
            else
            {
                x = inputs.Slice(start * inSize, count * inSize);
                t = targets.Slice(start * outSize, count * outSize);
            }

            sum += Step(x, t, count);
            batches++;
        }

        return (float)(sum / batches);
    }

    private NetworkWorkspace Workspace(int batch)
    {
        if (workspace is null || workspace.BatchCapacity < batch)
        {
            workspace = Network.CreateWorkspace(batch);
        }

        return workspace;
    }

    private void PrepareShuffle(int samples, int batchSize)
    {
        if (order.Length != samples)
        {
            order = new int[samples];
        }

        for (int i = 0; i < samples; i++)
        {
            order[i] = i;
        }

        random.Shuffle(order);
        if (batchInput.Length < batchSize * Network.InputSize)
        {
            batchInput = new float[batchSize * Network.InputSize];
            batchTarget = new float[batchSize * Network.OutputSize];
        }
    }
}
