using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SimdBackprop;

/// <summary>
/// The safetensors format for float32 tensors: an 8-byte little-endian header length N, N bytes of JSON
/// (<c>{"__metadata__": {string: string}, "name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...}</c>,
/// offsets relative to the data section), then the raw little-endian data. Only the file format lives here;
/// <see cref="ModelFile"/> maps networks onto it.
/// </summary>
public static partial class SafeTensors
{
    /// <summary>Writes tensors, in the given order and back to back, with optional metadata. The header is
    /// padded with spaces to a multiple of 8 bytes so the data section is aligned.</summary>
    /// <param name="tensors">Name and tensor pairs; names unique, non-empty and not <c>__metadata__</c>.</param>
    /// <param name="destination">The stream to write to (left open).</param>
    /// <param name="metadata">The <c>__metadata__</c> strings, or null for none.</param>
    /// <exception cref="ArgumentNullException">An argument or a tensor is null.</exception>
    /// <exception cref="ArgumentException">A name is empty, reserved or repeated, or a metadata value is null.</exception>
    public static void Save(IEnumerable<KeyValuePair<string, FloatTensor>> tensors, Stream destination, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(tensors);
        List<KeyValuePair<string, FloatTensor>> list = [.. tensors];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string name, FloatTensor tensor) in list)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(tensors));
            ArgumentNullException.ThrowIfNull(tensor, nameof(tensors));
            if (name.Length == 0 || name == MetadataKey || !seen.Add(name))
            {
                throw new ArgumentException($"Tensor name '{name}' is empty, reserved or repeated.", nameof(tensors));
            }
        }

        if (metadata is not null && metadata.Any(pair => pair.Key is null || pair.Value is null))
        {
            throw new ArgumentException("Metadata keys and values must not be null.", nameof(metadata));
        }

        byte[] header = BuildHeader(list, metadata);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        destination.Write(prefix);
        destination.Write(header);
        byte[]? swap = BitConverter.IsLittleEndian ? null : new byte[4];
        foreach ((_, FloatTensor tensor) in list)
        {
            if (swap is null)
            {
                destination.Write(MemoryMarshal.AsBytes(tensor.Data.AsSpan()));
            }
            else
            {
                foreach (float v in tensor.Data)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(swap, v);
                    destination.Write(swap);
                }
            }
        }
    }

    /// <summary>Writes tensors to a file (created or overwritten); see <see cref="Save(IEnumerable{KeyValuePair{string, FloatTensor}}, Stream, IReadOnlyDictionary{string, string}?)"/>.</summary>
    /// <param name="tensors">Name and tensor pairs.</param>
    /// <param name="path">The file.</param>
    /// <param name="metadata">The <c>__metadata__</c> strings, or null for none.</param>
    public static void Save(IEnumerable<KeyValuePair<string, FloatTensor>> tensors, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Save(tensors, stream, metadata);
    }

    private static byte[] BuildHeader(List<KeyValuePair<string, FloatTensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach ((string key, string value) in metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach ((string name, FloatTensor tensor) in tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in tensor.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += (long)tensor.Data.Length * sizeof(float);
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        int padded = (buffer.WrittenCount + 7) & ~7;
        byte[] header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }
}
