using Microsoft.ML.OnnxRuntime;

namespace SimdBackprop.Benchmarks.Peers;

/// <summary>
/// ONNX Runtime's C# API running the same network on the same data, on its fastest documented zero-copy path:
/// the network exported by <see cref="OnnxFile"/>, one intra-op thread, sequential execution, all graph
/// optimizations, input and output <c>OrtValue</c>s over the caller's pinned arrays bound once
/// (<c>OrtIoBinding</c>), each call <c>RunWithBinding</c> (0 managed bytes per call). The constructor checks
/// ORT's output against <see cref="Network.Forward(ReadOnlySpan{float}, int, NetworkWorkspace)"/> before anything is timed.
/// </summary>
public sealed class OnnxRuntimePeer : IDisposable
{
    private readonly SessionOptions options;
    private readonly InferenceSession session;
    private readonly OrtValue input;
    private readonly OrtValue output;
    private readonly OrtIoBinding binding;
    private readonly RunOptions run = new();

    /// <param name="network">The network to export and run.</param>
    /// <param name="x">batch × InputSize inputs; must stay alive (ORT reads it in place).</param>
    /// <param name="y">batch × OutputSize outputs; ORT writes it in place.</param>
    /// <param name="batch">Samples per call.</param>
    public OnnxRuntimePeer(Network network, float[] x, float[] y, int batch)
    {
        using var file = new MemoryStream();
        OnnxFile.Save(network, file);
        options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        session = new InferenceSession(file.ToArray(), options);
        input = OrtValue.CreateTensorValueFromMemory(x, [batch, network.InputSize]);
        output = OrtValue.CreateTensorValueFromMemory(y, [batch, network.OutputSize]);
        binding = session.CreateIoBinding();
        binding.BindInput("input", input);
        binding.BindOutput("output", output);
        Run();
        float[] ours = network.Forward(x, batch, network.CreateWorkspace(batch)).ToArray();
        double scale = Math.Max(ours.Max(Math.Abs), 1e-6f);
        if (ours.Zip(y, (a, b) => Math.Abs(a - b)).Max() > 1e-5 * scale)
        {
            throw new InvalidOperationException($"ONNX Runtime's output differs from ours for {network.InputSize} → {network.OutputSize}.");
        }
    }

    /// <summary>One inference over the bound arrays.</summary>
    public void Run() => session.RunWithBinding(run, binding);

    public void Dispose()
    {
        run.Dispose();
        binding.Dispose();
        output.Dispose();
        input.Dispose();
        session.Dispose();
        options.Dispose();
    }
}
