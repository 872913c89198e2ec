using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace SimdBackprop;

public static partial class SafeTensors
{
    /// <summary>The largest JSON header accepted, in bytes (the reference implementation's limit).</summary>
    public const int MaxHeaderLength = 100_000_000;

    internal const string MetadataKey = "__metadata__";

    private static readonly string[] KnownDtypes = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"];

    /// <summary>
    /// Reads a float32 safetensors file, trusting nothing in it. Rules, each broken one an
    /// <see cref="InvalidDataException"/> saying what and where: the header length must fit in the bytes
    /// that follow it and in <see cref="MaxHeaderLength"/>; the header must be one JSON object whose
    /// entries are <c>__metadata__</c> (string values only, at most once) or tensors with exactly the fields
    /// dtype, shape and data_offsets (names unique); dtype must be F32; dimensions non-negative 32-bit
    /// integers; each tensor's byte size (4 × the product of its shape) must equal end − begin; the
    /// tensors' data_offsets, sorted, must tile the data section exactly: the first begins at 0, each
    /// begins where the previous ends (no gaps, no overlaps), the last ends at the end of the stream.
    /// Every length is checked against the stream's real length before anything is allocated, so memory
    /// stays within a small multiple of the file's size. Non-finite values are allowed here (they are data).
    /// </summary>
    /// <param name="source">The stream, read from its current position to its end (left open). A stream
    /// that cannot seek is first copied to memory to learn its length.</param>
    /// <returns>The tensors and metadata.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file breaks one of the rules.</exception>
    public static SafeTensorsFile Load(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(source));
        }

        if (!source.CanSeek)
        {
            // A small buffer of our own (Stream.CopyTo rents 80 KB): memory stays proportional to the data.
            var copy = new MemoryStream();
            byte[] chunk = new byte[4096];
            int n;
            while ((n = source.Read(chunk)) > 0)
            {
                copy.Write(chunk, 0, n);
            }

            copy.Position = 0;
            source = copy;
        }

        long available = source.Length - source.Position;
        if (available < 8)
        {
            throw Bad($"The file has {available} bytes; a safetensors file starts with an 8-byte header length.");
        }

        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(source, prefix, "the header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(available - 8))
        {
            throw Bad($"Header length {headerLength} (bytes 0–7) exceeds the {available - 8} bytes that follow it.");
        }

        if (headerLength > MaxHeaderLength)
        {
            throw Bad($"Header length {headerLength} (bytes 0–7) exceeds the limit of {MaxHeaderLength} bytes.");
        }

        if (headerLength < 2)
        {
            throw Bad($"Header length {headerLength} (bytes 0–7) is too short for a JSON object.");
        }

        byte[] header = new byte[(int)headerLength];
        ReadExactly(source, header, "the JSON header");
        (List<Entry> entries, Dictionary<string, string> metadata) = ParseHeader(header);
        long dataLength = available - 8 - (long)headerLength;
        ValidateLayout(entries, dataLength, 8 + (long)headerLength);

        var names = new List<string>(entries.Count);
        var tensors = new Dictionary<string, FloatTensor>(entries.Count, StringComparer.Ordinal);
        foreach (Entry e in entries)
        {
            float[] data = new float[(e.End - e.Begin) / sizeof(float)];
            ReadExactly(source, MemoryMarshal.AsBytes(data.AsSpan()), $"tensor '{e.Name}'");
            if (!BitConverter.IsLittleEndian)
            {
                Span<uint> bits = MemoryMarshal.Cast<float, uint>(data.AsSpan());
                BinaryPrimitives.ReverseEndianness(bits, bits);
            }

            names.Add(e.Name);
            tensors.Add(e.Name, new FloatTensor(e.Shape, data));
        }

        return new SafeTensorsFile(names, tensors, metadata);
    }

    /// <summary>Reads a float32 safetensors file from disk; see <see cref="Load(Stream)"/> for the rules.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The tensors and metadata.</returns>
    /// <exception cref="InvalidDataException">The file breaks one of the rules (the message names the file).</exception>
    public static SafeTensorsFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return Load(stream);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private readonly record struct Entry(string Name, int[] Shape, long Begin, long End);

    private static InvalidDataException Bad(string message) => new(message);

    private static void ReadExactly(Stream source, Span<byte> destination, string what)
    {
        try
        {
            source.ReadExactly(destination);
        }
        catch (EndOfStreamException)
        {
            throw Bad($"The stream ended while reading {what}: it is shorter than its length said.");
        }
    }

    private static (List<Entry> Entries, Dictionary<string, string> Metadata) ParseHeader(byte[] header)
    {
        var entries = new List<Entry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, string>? metadata = null;
        var reader = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = 4, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Bad("The header is not a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                if (name == MetadataKey)
                {
                    if (metadata is not null)
                    {
                        throw Bad("The header has __metadata__ twice.");
                    }

                    metadata = ReadMetadata(ref reader);
                }
                else
                {
                    if (!names.Add(name))
                    {
                        throw Bad($"The header has tensor '{name}' twice.");
                    }

                    entries.Add(ReadEntry(ref reader, name));
                }
            }

            if (reader.Read())
            {
                throw Bad($"The header has content after its JSON object (byte {reader.TokenStartIndex}).");
            }
        }
        catch (JsonException e)
        {
            throw Bad($"The header is not valid JSON (near header byte {reader.BytesConsumed} of {header.Length}, file byte {reader.BytesConsumed + 8}): {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            throw Bad($"The header has an invalid string (near header byte {reader.BytesConsumed} of {header.Length}, file byte {reader.BytesConsumed + 8}): {e.Message}");
        }

        return (entries, metadata ?? []);
    }

    private static Dictionary<string, string> ReadMetadata(ref Utf8JsonReader reader)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw Bad($"__metadata__ is a {reader.TokenType}, not an object of strings.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                throw Bad($"__metadata__ entry '{key}' is a {reader.TokenType}, not a string.");
            }

            if (!metadata.TryAdd(key, reader.GetString()!))
            {
                throw Bad($"__metadata__ has key '{key}' twice.");
            }
        }

        return metadata;
    }

    private static Entry ReadEntry(ref Utf8JsonReader reader, string name)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw Bad($"Tensor '{name}': its entry is a {reader.TokenType}, not an object.");
        }

        string? dtype = null;
        List<int>? shape = null;
        long[]? offsets = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string field = reader.GetString()!;
            reader.Read();
            switch (field)
            {
                case "dtype" when dtype is null:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw Bad($"Tensor '{name}': dtype is a {reader.TokenType}, not a string.");
                    }

                    dtype = reader.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = [];
                    ExpectArray(ref reader, name, field);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int d) || d < 0)
                        {
                            throw Bad($"Tensor '{name}': shape entry {shape.Count} is not an integer in [0, 2^31).");
                        }

                        shape.Add(d);
                    }

                    break;
                case "data_offsets" when offsets is null:
                    ExpectArray(ref reader, name, field);
                    var list = new List<long>(2);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long o) || o < 0 || list.Count == 2)
                        {
                            throw Bad($"Tensor '{name}': data_offsets must be two integers in [0, 2^63).");
                        }

                        list.Add(o);
                    }

                    if (list.Count != 2)
                    {
                        throw Bad($"Tensor '{name}': data_offsets has {list.Count} entries; it needs [begin, end].");
                    }

                    offsets = [.. list];
                    break;
                case "dtype" or "shape" or "data_offsets":
                    throw Bad($"Tensor '{name}': field '{field}' appears twice.");
                default:
                    throw Bad($"Tensor '{name}': unknown field '{field}' (expected dtype, shape, data_offsets).");
            }
        }

        if (dtype is null || shape is null || offsets is null)
        {
            string missing = dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets";
            throw Bad($"Tensor '{name}': field '{missing}' is missing.");
        }

        if (dtype != "F32")
        {
            throw Bad(Array.IndexOf(KnownDtypes, dtype) >= 0
                ? $"Tensor '{name}': dtype {dtype} is not supported; only F32 is read."
                : $"Tensor '{name}': unknown dtype '{dtype}'.");
        }

        return new Entry(name, [.. shape], offsets[0], offsets[1]);
    }

    private static void ExpectArray(ref Utf8JsonReader reader, string name, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Bad($"Tensor '{name}': {field} is a {reader.TokenType}, not an array.");
        }
    }

    /// <summary>Checks offsets against the data section and each other, and sorts the entries into file order.</summary>
    private static void ValidateLayout(List<Entry> entries, long dataLength, long dataStart)
    {
        foreach (Entry e in entries)
        {
            string where = $"Tensor '{e.Name}' (data_offsets [{e.Begin}, {e.End}], file bytes from {dataStart})";
            if (e.Begin > e.End)
            {
                throw Bad($"{where}: begin is after end.");
            }

            if (e.End > dataLength)
            {
                throw Bad($"{where}: end is beyond the data section of {dataLength} bytes.");
            }

            long count = 1;
            foreach (int d in e.Shape)
            {
                count = d == 0 ? 0 : count > int.MaxValue ? count : count * d;
            }

            long bytes = count > int.MaxValue ? long.MaxValue : count * sizeof(float);
            if (bytes != e.End - e.Begin)
            {
                throw Bad($"{where}: shape [{string.Join(", ", e.Shape)}] of F32 needs {(bytes == long.MaxValue ? "more than 2^33" : bytes.ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes, the offsets span {e.End - e.Begin}.");
            }

            if (count > Array.MaxLength)
            {
                throw Bad($"{where}: {count} elements do not fit one array.");
            }
        }

        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        string previous = "the start of the data section";
        foreach (Entry e in entries)
        {
            if (e.Begin < expected)
            {
                throw Bad($"Tensor '{e.Name}' (data_offsets [{e.Begin}, {e.End}]) overlaps {previous}, which ends at {expected}.");
            }

            if (e.Begin > expected)
            {
                throw Bad($"Tensor '{e.Name}' (data_offsets [{e.Begin}, {e.End}]) leaves a gap of {e.Begin - expected} bytes after {previous} (ends at {expected}); tensors must tile the data section.");
            }

            expected = e.End;
            previous = $"tensor '{e.Name}'";
        }

        if (expected != dataLength)
        {
            throw Bad($"The data section has {dataLength} bytes but the tensors cover {expected}: {dataLength - expected} bytes after {previous} belong to no tensor.");
        }
    }
}
