using System.Buffers;
using System.Text.Json;

namespace SimdBackprop.Cli.Server;

/// <summary>
/// The JSON prediction bodies, read and written as streams of numbers: <c>{"inputs": [[…], …]}</c> in,
/// <c>{"outputs": [[…], …], "modelVersion": N}</c> out. Written by hand over <see cref="Utf8JsonReader"/> and
/// <see cref="Utf8JsonWriter"/> rather than through serializer source generation because the serializer would
/// build a float[] per row and a list of rows for every request; this reads the numbers straight into one
/// pooled batch buffer and checks each row's width and each number's range on the way.
/// Numbers are written in the shortest form that reads back to the same float32.
/// </summary>
internal static class JsonRows
{
    /// <summary>What an idle cached writer points at, so it holds no finished request's pipe.</summary>
    private static readonly ArrayBufferWriter<byte> Detached = new(1);

    [ThreadStatic]
    private static Utf8JsonWriter? cachedWriter;

    /// <summary>
    /// Reads the rows of <c>{"inputs": [[…], …]}</c>, each exactly <paramref name="width"/> finite float32 numbers,
    /// into <paramref name="rented"/> (an <see cref="ArrayPool{T}.Shared"/> array, swapped for a larger one when
    /// needed: the caller returns whatever it holds at the end).
    /// </summary>
    /// <returns>Null when the body is well formed, else what is wrong with it, for a 400 reply.</returns>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static string? Parse(ReadOnlySpan<byte> json, int width, ref float[] rented, out int rows)
    {
        rows = 0;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "The body must be a JSON object {\"inputs\": [[…], …]}.";
        }

        bool sawInputs = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("inputs"u8))
            {
                return $"Unknown property \"{Excerpt(reader.ValueSpan)}\": the body has only \"inputs\".";
            }

            if (sawInputs)
            {
                return "\"inputs\" appears twice.";
            }

            sawInputs = true;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return "\"inputs\" must be an array of rows, each an array of numbers.";
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return $"Row {rows} of \"inputs\" is not an array of numbers.";
                }

                Span<float> row = Row(ref rented, rows, width);
                int count = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.Number)
                    {
                        return $"Row {rows}, column {count}: {reader.TokenType} is not a number.";
                    }

                    if (count == width)
                    {
                        return $"Row {rows} has more than {width} numbers; the model takes {width} inputs.";
                    }

                    if (!reader.TryGetSingle(out float value) || !float.IsFinite(value))
                    {
                        return $"Row {rows}, column {count}: {Excerpt(reader.ValueSpan)} is outside the finite float32 range.";
                    }

                    row[count++] = value;
                }

                if (count != width)
                {
                    return $"Row {rows} has {count} numbers; the model takes {width} inputs.";
                }

                rows++;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return $"{reader.TokenType} where a property name was expected.";
        }

        if (!sawInputs)
        {
            return "The body has no \"inputs\".";
        }

        return reader.Read() ? "The body goes on after its object." : null; // Read throws on trailing text
    }

    /// <summary>Writes <c>{"outputs": [[…], …], "modelVersion": N}</c> for rows × <paramref name="width"/> outputs
    /// into <paramref name="destination"/> (the response's pipe), reusing this thread's writer.</summary>
    public static void Write(IBufferWriter<byte> destination, ReadOnlySpan<float> outputs, int rows, int width, long modelVersion)
    {
        Utf8JsonWriter writer = cachedWriter ??= new Utf8JsonWriter(destination, new JsonWriterOptions { SkipValidation = true });
        writer.Reset(destination);
        writer.WriteStartObject();
        writer.WriteStartArray("outputs"u8);
        for (int r = 0; r < rows; r++)
        {
            writer.WriteStartArray();
            foreach (float value in outputs.Slice(r * width, width))
            {
                writer.WriteNumberValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteNumber("modelVersion"u8, modelVersion);
        writer.WriteEndObject();
        writer.Flush();
        writer.Reset(Detached); // drop the reference to this request's pipe
    }

    /// <summary>A token's raw bytes for an error message: at most 64 of them, invalid UTF-8 replaced (a client's
    /// bytes are echoed back, so neither a huge nor a broken token may break the reply).</summary>
    private static string Excerpt(ReadOnlySpan<byte> token)
    {
        const int Most = 64;
        string text = System.Text.Encoding.UTF8.GetString(token.Length > Most ? token[..Most] : token);
        return token.Length > Most ? text + "…" : text;
    }

    private static Span<float> Row(ref float[] rented, int row, int width)
    {
        long end = (long)(row + 1) * width;
        if (end > rented.Length)
        {
            if (end > Array.MaxLength)
            {
                throw new JsonException("Too many numbers for one batch.");
            }

            float[] larger = ArrayPool<float>.Shared.Rent((int)Math.Min(Math.Max(2L * rented.Length, end), Array.MaxLength));
            rented.AsSpan(0, row * width).CopyTo(larger);
            ArrayPool<float>.Shared.Return(rented);
            rented = larger;
        }

        return rented.AsSpan(row * width, width);
    }
}
