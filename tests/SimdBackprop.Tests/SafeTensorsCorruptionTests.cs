using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using SimdBackprop.Validation;

namespace SimdBackprop.Tests;

/// <summary>The hardened reader: every corruption is an <see cref="InvalidDataException"/> that says what and
/// where, nothing else escapes, and a lying header never makes it allocate beyond the file's real size.</summary>
public sealed partial class SafeTensorsCorruptionTests
{
    /// <summary>Allocation allowed for reading a file of n bytes: 64 KB (exception, strings, dictionaries) + 16·n.</summary>
    private static long AllocationBound(long fileLength) => (64 * 1024) + (16 * fileLength);

    private static readonly byte[] Valid = ValidModel();

    private static byte[] ValidModel()
    {
        var network = new Network(3, new LayerSpec(4, Activation.Tanh), new LayerSpec(2, Activation.LeakyReLU(0.2f)));
        network.Initialize(WeightInit.GlorotUniform, 1);
        network.Bias(1)[1] = 0.5f;
        using var stream = new MemoryStream();
        ModelFile.Save(network, stream);
        return stream.ToArray();
    }

    /// <summary>A file from header text and data, with the header length given or the true one.</summary>
    private static byte[] Raw(string json, int dataBytes, ulong? headerLength = null)
    {
        byte[] header = Encoding.UTF8.GetBytes(json);
        byte[] bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        for (int i = 8 + header.Length; i + 4 <= bytes.Length; i += 4)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i), 0.25f);
        }

        return bytes;
    }

    private const string Meta = "\"__metadata__\":{\"format\":\"simdbackprop\",\"activations\":\"tanh\"}";

    /// <summary>A one-layer model (2 inputs, 1 output, tanh) with the given tensor entries.</summary>
    private static string OneLayer(string weight = "\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}",
        string bias = "\"layers.0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}", string meta = Meta) =>
        "{" + string.Join(",", new[] { meta, weight, bias }.Where(s => s.Length > 0)) + "}";

    public static TheoryData<string, byte[], string[]> Corruptions => new()
    {
        { "shorter than the length prefix", Valid[..5], ["5 bytes", "8-byte header length"] },
        { "header length beyond the file", Raw(OneLayer(), 12, headerLength: 5000), ["Header length 5000", "exceeds the", "bytes that follow"] },
        { "header length too small", Raw("{}", 12, headerLength: 1), ["Header length 1", "too short"] },
        { "header not JSON", Raw("{\"a\":", 0), ["not valid JSON"] },
        { "header JSON an array", Raw("[1,2]", 0), ["not a JSON object"] },
        { "trailing garbage after the header object", Raw(OneLayer() + "xx", 12), ["not valid JSON"] },
        { "invalid UTF-8 in a name", InvalidUtf8(), ["header", "byte"] },
        { "unknown dtype", Raw(OneLayer(weight: "\"layers.0.weight\":{\"dtype\":\"F33\",\"shape\":[1,2],\"data_offsets\":[0,8]}"), 12), ["'layers.0.weight'", "unknown dtype 'F33'"] },
        { "unsupported dtype", Raw(OneLayer(weight: "\"layers.0.weight\":{\"dtype\":\"F16\",\"shape\":[1,2],\"data_offsets\":[0,4]}", bias: "\"layers.0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}"), 8), ["'layers.0.weight'", "F16 is not supported"] },
        { "unknown field", Raw(OneLayer(weight: "\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8],\"x\":1}"), 12), ["'layers.0.weight'", "unknown field 'x'"] },
        { "missing field", Raw(OneLayer(weight: "\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[1,2]}"), 12), ["'layers.0.weight'", "'data_offsets' is missing"] },
        { "negative dimension", Raw(OneLayer(weight: "\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[-1,2],\"data_offsets\":[0,8]}"), 12), ["'layers.0.weight'", "shape entry 0"] },
        { "three offsets", Raw(OneLayer(weight: "\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8,9]}"), 12), ["'layers.0.weight'", "two integers"] },
        { "offset beyond the data", Raw(OneLayer(bias: "\"layers.0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4000000012]}"), 12), ["'layers.0.bias'", "[8, 4000000012]", "beyond the data section of 12 bytes"] },
        { "begin after end", Raw(OneLayer(bias: "\"layers.0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,8]}"), 12), ["'layers.0.bias'", "begin is after end"] },
        { "overlapping offsets", Raw(OneLayer(bias: "\"layers.0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}"), 12), ["overlaps", "'layers.0.weight'"] },
        { "gap between tensors", Raw(OneLayer(bias: "\"layers.0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}"), 16), ["'layers.0.bias'", "gap of 4 bytes"] },
        { "bytes after the last tensor", Raw(OneLayer(), 20), ["20 bytes", "cover 12", "belong to no tensor"] },
        { "shape disagrees with the byte size", Raw(OneLayer(weight: "\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[1,3],\"data_offsets\":[0,8]}"), 12), ["'layers.0.weight'", "[1, 3]", "needs 12 bytes", "span 8"] },
        { "huge shape", Raw(OneLayer(weight: "\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,4],\"data_offsets\":[0,8]}"), 12), ["'layers.0.weight'", "more than 2^33"] },
        { "duplicate tensor", Raw("{" + Meta + ",\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}", 0), ["'layers.0.weight' twice"] },
        { "metadata value not a string", Raw(OneLayer(meta: "\"__metadata__\":{\"format\":1}"), 12), ["__metadata__ entry 'format'", "not a string"] },
        { "no metadata", Raw(OneLayer(meta: ""), 12), ["no \"format\""] },
        { "foreign format", Raw(OneLayer(meta: "\"__metadata__\":{\"format\":\"pt\"}"), 12), ["format is 'pt'", "LoadPyTorchSequential"] },
        { "no activations", Raw(OneLayer(meta: "\"__metadata__\":{\"format\":\"simdbackprop\"}"), 12), ["no \"activations\""] },
        { "unknown activation", Raw(OneLayer(meta: "\"__metadata__\":{\"format\":\"simdbackprop\",\"activations\":\"swish\"}"), 12), ["activations entry 0", "'swish' is not an activation"] },
        { "missing layer", Raw(OneLayer(meta: "\"__metadata__\":{\"format\":\"simdbackprop\",\"activations\":\"tanh,relu\"}"), 12), ["'layers.1.weight' of layer 1 is missing", "activations list: 2 layers"] },
        { "missing bias", Raw(OneLayer(bias: "", weight: "\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}"), 8), ["'layers.0.bias' of layer 0 is missing"] },
        { "extra layer", Raw(OneLayer(bias: "\"layers.0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},\"layers.1.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}"), 16), ["'layers.1.bias' is not a parameter of the 1 layers (the activations list)"] },
        { "weight of rank 1", Raw(OneLayer(weight: "\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}"), 12), ["'layers.0.weight' has shape [2]", "[out, in]"] },
        { "bias of the wrong size", Raw(OneLayer(weight: "\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[0,8]}"), 12), ["'layers.0.bias' has shape [1]", "needs a bias [2]"] },
        { "layers that do not chain", ChainMismatch(), ["'layers.1.weight' has shape [1, 3]", "layer 0 has 2 outputs"] },
        { "non-finite weight", NonFinite(), ["'layers.1.weight'[1, 2]", "NaN", "finite"] },
    };

    private static byte[] InvalidUtf8()
    {
        byte[] bytes = Raw("{\"a\":{}}", 0);
        bytes[10] = 0xFF; // the name "a" becomes a lone 0xFF byte
        return bytes;
    }

    private static byte[] ChainMismatch() => Raw(
        "{\"__metadata__\":{\"format\":\"simdbackprop\",\"activations\":\"tanh,identity\"},"
        + "\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[0,8]},\"layers.0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]},"
        + "\"layers.1.weight\":{\"dtype\":\"F32\",\"shape\":[1,3],\"data_offsets\":[16,28]},\"layers.1.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[28,32]}}",
        32);

    private static byte[] NonFinite()
    {
        byte[] bytes = (byte[])Valid.Clone();
        SafeTensorsFile file = SafeTensors.Load(new MemoryStream(bytes));
        int dataStart = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        int offset = dataStart + (4 * ((4 * 3) + 4)) + (4 * ((1 * 4) + 2)); // layers.1.weight[1, 2]: after layer 0 (12 + 4 floats)
        Assert.Equal(8, file.Tensors["layers.1.weight"].Data.Length);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(offset), float.NaN);
        return bytes;
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void SafeTensors_Corruption_ClearMessage(string kind, byte[] bytes, string[] fragments)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(new MemoryStream(bytes)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        foreach (string fragment in fragments)
        {
            Assert.True(e.Message.Contains(fragment, StringComparison.Ordinal), $"{kind}: message \"{e.Message}\" lacks \"{fragment}\"");
        }

        Assert.True(allocated < AllocationBound(bytes.Length), $"{kind}: allocated {allocated} bytes for a {bytes.Length}-byte file");
    }

    [Fact]
    public void SafeTensors_Corruption_MessageNamesTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"simdbackprop-{Guid.NewGuid():N}.safetensors");
        try
        {
            File.WriteAllBytes(path, Valid[..100]);
            var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path));
            Assert.StartsWith(path + ": Header length", e.Message);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(e.Message, Regex.Escape(path)));
            e = Assert.Throws<InvalidDataException>(() => ModelFile.LoadPyTorchSequential(path, [Activation.Tanh]));
            Assert.StartsWith(path + ": ", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("0.weight,0.bias,1.running_mean", "'1.running_mean' is not a Sequential linear parameter")]
    [InlineData("0.weight,0.bias,01.weight", "'01.weight' is not a Sequential linear parameter")]
    [InlineData("0.weight,0.bias,x.weight", "'x.weight' is not a Sequential linear parameter")]
    [InlineData("0.weight", "'0.bias' of layer 0 is missing")]
    [InlineData("0.weight,0.bias,2.weight,2.bias", "2 linear layers (module indices 0, 2) but 1 activations")]
    public void SafeTensors_Corruption_PyTorchSequential_ClearMessage(string names, string fragment)
    {
        var tensors = names.Split(',').Select(n => new KeyValuePair<string, FloatTensor>(n, new FloatTensor(n.EndsWith("weight", StringComparison.Ordinal) ? [2, 2] : [2], new float[n.EndsWith("weight", StringComparison.Ordinal) ? 4 : 2])));
        using var stream = new MemoryStream();
        SafeTensors.Save(tensors, stream);
        stream.Position = 0;
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.LoadPyTorchSequential(stream, [Activation.ReLU]));
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void SafeTensors_Corruption_ValidBaseFileLoads() => Assert.Equal(2, ModelFile.Load(new MemoryStream(Valid)).LayerCount);

    [Fact]
    public void SafeTensors_Corruption_HugeHeaderLengthOnAHugeStream_RejectedWithoutAllocating()
    {
        // A stream that claims a terabyte: the cap, not the stream length, must stop the 2^40-byte header.
        byte[] prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, 1UL << 39);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(new ClaimsToBeHugeStream(prefix, 1L << 40)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("exceeds the limit of 100000000 bytes", e.Message);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void SafeTensors_Corruption_StreamShorterThanItsLength_IsInvalidData()
    {
        // Length says the data is there; the reads come up short: still InvalidDataException, no partial result.
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(new ClaimsToBeHugeStream(Valid[..^10], Valid.Length, honestPrefixOnly: true)));
        Assert.Contains("ended while reading", e.Message);
    }

    [Fact]
    public void SafeTensors_Corruption_HugeTensorClaim_AllocatesLittle()
    {
        byte[] bytes = Raw(OneLayer(weight: "\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[1000000000,4],\"data_offsets\":[0,16000000000]}"), 12);
        ModelFileLoadIgnoringErrors(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<InvalidDataException>(() => ModelFile.Load(new MemoryStream(bytes)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < AllocationBound(bytes.Length), $"allocated {allocated} bytes for a {bytes.Length}-byte file");
    }

    private static readonly string[] NumberEdges =
    [
        "0", "1", "-1", "4", "7", "2147483647", "2147483648", "4294967296", "9223372036854775807",
        "9223372036854775808", "18446744073709551616", "1e30", "1.5", "-0", "99999999999999999999999999",
    ];

    private static readonly string[] Dtypes = ["F32", "F16", "BF16", "F64", "I32", "U8", "BOOL", "f32", "", "F32 ", "\\u0046\\u0033\\u0032"];

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();

    /// <summary>One corruption of the valid file, chosen and parameterized by (kind, seed).</summary>
    private static byte[] Corrupt(int kind, int seed)
    {
        var random = new Random(seed);
        byte[] bytes = (byte[])Valid.Clone();
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string header = Encoding.UTF8.GetString(bytes, 8, headerLength);
        byte[] data = bytes[(8 + headerLength)..];
        switch (kind)
        {
            case 0: // truncate
                return bytes[..random.Next(bytes.Length)];
            case 1: // flip bytes anywhere
                for (int i = random.Next(1, 5); i > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                }

                return bytes;
            case 2: // patch the header length
                ulong[] lengths = [0, 1, 2, 7, (ulong)headerLength - 1, (ulong)headerLength + 1, (ulong)bytes.Length, (ulong)bytes.Length - 8, 100_000_001, ulong.MaxValue, 1UL << 63, (ulong)random.NextInt64()];
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, lengths[random.Next(lengths.Length)]);
                return bytes;
            case 3: // patch a number of the header (shape or offset), keeping the header length true
            {
                MatchCollection numbers = Digits().Matches(header);
                Match m = numbers[random.Next(numbers.Count)];
                header = header[..m.Index] + NumberEdges[random.Next(NumberEdges.Length)] + header[(m.Index + m.Length)..];
                return Rebuild(header, data);
            }

            case 4: // patch a dtype
            {
                int at = header.IndexOf("\"F32\"", random.Next(header.Length / 2), StringComparison.Ordinal);
                at = at < 0 ? header.IndexOf("\"F32\"", StringComparison.Ordinal) : at;
                return Rebuild(header[..(at + 1)] + Dtypes[random.Next(Dtypes.Length)] + header[(at + 4)..], data);
            }

            case 5: // insert, delete or replace one header character
            {
                int at = random.Next(header.Length);
                char c = "{}[]\",:0 a\\."[random.Next(12)];
                header = random.Next(3) switch
                {
                    0 => header.Insert(at, c.ToString()),
                    1 => header.Remove(at, 1),
                    _ => header[..at] + c + header[(at + 1)..],
                };
                return Rebuild(header, data);
            }

            case 6: // grow or shrink the data section
                return random.Next(2) == 0
                    ? [.. bytes, .. new byte[random.Next(1, 9)]]
                    : bytes[..^random.Next(1, 9)];
            case 7: // a non-finite parameter
            {
                int at = 8 + headerLength + (4 * random.Next(data.Length / 4));
                float[] specials = [float.NaN, float.PositiveInfinity, float.NegativeInfinity];
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), specials[random.Next(3)]);
                return bytes;
            }

            default: // rename a tensor or a metadata key
            {
                string[] names = ["layers.0.weight", "layers.1.bias", "activations", "format", "__metadata__"];
                string from = names[random.Next(names.Length)];
                string[] to = ["layers.2.weight", "layers.01.bias", "layers.0.weight", "x", "__metadata__", "", "activations"];
                return Rebuild(header.Replace(from, to[random.Next(to.Length)], StringComparison.Ordinal), data);
            }
        }
    }

    private static byte[] Rebuild(string header, byte[] data)
    {
        byte[] h = Encoding.UTF8.GetBytes(header);
        byte[] bytes = new byte[8 + h.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + h.Length);
        return bytes;
    }

    private static void ModelFileLoadIgnoringErrors(byte[] bytes)
    {
        try
        {
            ModelFile.Load(new MemoryStream(bytes));
        }
        catch (InvalidDataException)
        {
        }
    }

    [Fact]
    public void SafeTensors_Corruption_Property_OnlyInvalidDataException_BoundedMemory()
    {
        ModelFileLoadIgnoringErrors(Valid); // JIT and statics warm before measuring
        var outcomes = new int[2];
        Properties.Check(
            Gen.Zip(Gen.Choose(0, 8), Gen.Zip(Properties.Seed, Gen.Elements(false, true))).Select(t => (Kind: t.Item1, Seed: t.Item2.Item1, Pipe: t.Item2.Item2)),
            ((int Kind, int Seed, bool Pipe) c) =>
            {
                byte[] bytes = Corrupt(c.Kind, c.Seed);
                foreach (bool asModel in new[] { true, false })
                {
                    Stream stream = c.Pipe ? new NonSeekableStream(bytes) : new MemoryStream(bytes);
                    Action load = asModel ? () => ModelFile.Load(stream) : () => SafeTensors.Load(stream);
                    bool loaded = Corruption.LoadsOrRefuses(load, AllocationBound(bytes.Length), $"kind {c.Kind}, seed {c.Seed}, {bytes.Length}-byte file");
                    outcomes[loaded ? 0 : 1]++;
                }
            },
            maxTest: 600);
        Assert.True(outcomes[1] > 300, $"only {outcomes[1]} of the corruptions were rejected");
    }
}

/// <summary>A seekable stream whose Length is a lie: it serves <c>prefix</c>, then zeros (or ends, if honest).</summary>
internal sealed class ClaimsToBeHugeStream(byte[] prefix, long length, bool honestPrefixOnly = false) : Stream
{
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => position; set => position = value; }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        long end = honestPrefixOnly ? prefix.Length : length;
        int n = (int)Math.Max(0, Math.Min(count, end - position));
        for (int i = 0; i < n; i++)
        {
            buffer[offset + i] = position + i < prefix.Length ? prefix[position + i] : (byte)0;
        }

        position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => position + offset,
        _ => length + offset,
    };

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
