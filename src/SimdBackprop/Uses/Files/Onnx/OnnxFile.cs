using Google.Protobuf;
using SimdBackprop.Uses.Files.Onnx;
using SimdBackprop.Uses.Files.Onnx.Protocol;

namespace SimdBackprop;

/// <summary>
/// Networks as ONNX files. <see cref="Load(string)"/> reads what <c>torch.onnx.export</c> writes for an
/// <c>nn.Sequential</c> of <c>Linear</c> layers and activations (opsets 7–21); <see cref="Save(Network, string)"/>
/// writes one <c>Gemm</c> per layer and its activation at opset <see cref="Opset"/>, input <c>input</c> and
/// output <c>output</c> with a symbolic batch dimension, a file ONNX Runtime runs. The supported operators are
/// listed in <see cref="SupportedOperators"/>.
/// </summary>
public static class OnnxFile
{
    /// <summary>The operator set files are written at (ONNX Runtime 1.32 runs 7–23; the ONNX 1.12 checker knows up to 17).</summary>
    public const int Opset = 17;

    /// <summary>The IR version files are written at (IR 8 goes with opset 17).</summary>
    public const int IrVersion = 8;

    /// <summary>The largest file read (protobuf's own limit is 2 GiB).</summary>
    public const long MaxFileBytes = int.MaxValue;

    /// <summary>The operators an imported graph may use, as the error messages list them.</summary>
    public static string SupportedOperators => OnnxImporter.SupportedOperators;

    /// <summary>Reads a network from ONNX bytes: every length is checked against the data before anything is allocated.</summary>
    /// <param name="source">The stream (left open); read to its end, at most <see cref="MaxFileBytes"/>.</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a model of the supported form; the message says what and where.</exception>
    public static Network Load(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int n;
        while ((n = source.Read(chunk)) > 0)
        {
            if (buffer.Length + n > MaxFileBytes)
            {
                throw new InvalidDataException($"The model is larger than {MaxFileBytes} bytes, the most an ONNX file can hold.");
            }

            buffer.Write(chunk, 0, n);
        }

        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Reads a network from an ONNX file; see <see cref="Load(Stream)"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidDataException">The file is not a model of the supported form; the message names the file.</exception>
    public static Network Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        long length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
        {
            throw new InvalidDataException($"{path}: {length} bytes is more than an ONNX file can hold ({MaxFileBytes}).");
        }

        try
        {
            return Parse(File.ReadAllBytes(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Writes the network as an ONNX model.</summary>
    /// <param name="network">The network.</param>
    /// <param name="destination">The stream (left open).</param>
    /// <exception cref="NotSupportedException">A layer's activation has no ONNX form (the threshold step).</exception>
    public static void Save(Network network, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(destination);
        OnnxExporter.Export(network).WriteTo(destination);
    }

    /// <summary>Writes the network as an ONNX file (created or overwritten); see <see cref="Save(Network, Stream)"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="path">The file.</param>
    public static void Save(Network network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(path);
        ModelProto model = OnnxExporter.Export(network);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        model.WriteTo(stream);
    }

    private static Network Parse(ReadOnlySpan<byte> bytes)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"Not a valid ONNX protobuf: {e.Message}", e);
        }

        return OnnxImporter.Import(model);
    }
}
