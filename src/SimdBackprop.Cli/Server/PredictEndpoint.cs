using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace SimdBackprop.Cli.Server;

/// <summary>
/// <c>POST /v1/predict</c>: rows in, the served model's outputs out, as JSON or as raw little-endian float32.
/// The body is read whole into a pooled buffer, binary rows are used in place, outputs go to a pooled buffer
/// and straight into the response pipe: beyond what Kestrel and the body need, a request allocates nothing.
/// Every malformed request gets <c>{"error": "…"}</c> and a 4xx.
/// </summary>
internal sealed class PredictEndpoint
{
    /// <summary>The header carrying the model version of a binary answer.</summary>
    public const string VersionHeader = "X-Model-Version";

    private readonly ServedModel served;
    private readonly long maxAnswerFloats;
    private Tuple<long, string> versionText = Tuple.Create(0L, "0"); // the header text of the last version answered

    public PredictEndpoint(ServedModel served, long maxBodyBytes)
    {
        this.served = served;
        maxAnswerFloats = Math.Min(ServeOptions.AnswerToBodyRatio * maxBodyBytes / sizeof(float), Array.MaxLength);
    }

    /// <summary>Handles one request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        bool? binary = IsBinary(context.Request.ContentType);
        if (binary is null)
        {
            await Replies.Error(context, StatusCodes.Status415UnsupportedMediaType, "Send application/json or application/octet-stream.");
            return;
        }

        RequestBody body;
        try
        {
            body = await RequestBody.ReadAsync(context.Request, context.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            await Replies.Error(context, e.StatusCode, e.Message); // 413 above the body limit, 400 for a broken body
            return;
        }

        using (body)
        {
            if (body.Length == 0)
            {
                await Replies.Error(context, StatusCodes.Status400BadRequest, "The body is empty.");
                return;
            }

            if (binary.Value)
            {
                await PredictBinaryAsync(context, body);
            }
            else
            {
                await PredictJsonAsync(context, body);
            }
        }
    }

    /// <summary>True for octet-stream, false for JSON, null for anything else (415).</summary>
    private static bool? IsBinary(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? type))
        {
            return null;
        }

        if (type.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ? false : null;
    }

    private async Task PredictBinaryAsync(HttpContext context, RequestBody body)
    {
        Predictor predictor = served.Predictor;
        int rowBytes = predictor.InputSize * sizeof(float);
        if (body.Length % rowBytes != 0)
        {
            await Replies.Error(
                context, StatusCodes.Status400BadRequest,
                $"The body has {body.Length} bytes, not a whole number of rows of {predictor.InputSize} float32 ({rowBytes} bytes).");
            return;
        }

        int rows = body.Length / rowBytes;
        if (await RefuseLargeAnswer(context, rows, predictor.OutputSize))
        {
            return;
        }

        float[] outputs = ArrayPool<float>.Shared.Rent(rows * predictor.OutputSize);
        try
        {
            ReadOnlySpan<float> inputs = MemoryMarshal.Cast<byte, float>(body.Bytes);
            if (NonFiniteInput(inputs, predictor.InputSize) is { } bad)
            {
                await Replies.Error(context, StatusCodes.Status400BadRequest, bad);
                return;
            }

            if (!TryPredict(predictor, inputs, rows, outputs, out long version, out string? error))
            {
                await Replies.Error(context, StatusCodes.Status422UnprocessableEntity, error);
                return;
            }

            int outputBytes = rows * predictor.OutputSize * sizeof(float);
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = outputBytes;
            context.Response.Headers[VersionHeader] = Header(version);
            context.Response.BodyWriter.Write(MemoryMarshal.AsBytes(outputs.AsSpan(0, rows * predictor.OutputSize)));
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(outputs);
        }
    }

    private async Task PredictJsonAsync(HttpContext context, RequestBody body)
    {
        Predictor predictor = served.Predictor;
        float[] inputs = ArrayPool<float>.Shared.Rent(Math.Max(predictor.InputSize, 64));
        float[]? outputs = null;
        try
        {
            string? error;
            int rows;
            try
            {
                error = JsonRows.Parse(body.Bytes, predictor.InputSize, ref inputs, out rows);
            }
            catch (JsonException e)
            {
                error = $"Malformed JSON: {e.Message}";
                rows = 0;
            }

            if (error is not null)
            {
                await Replies.Error(context, StatusCodes.Status400BadRequest, error);
                return;
            }

            if (await RefuseLargeAnswer(context, rows, predictor.OutputSize))
            {
                return;
            }

            outputs = ArrayPool<float>.Shared.Rent(rows * predictor.OutputSize);
            if (!TryPredict(predictor, inputs.AsSpan(0, rows * predictor.InputSize), rows, outputs, out long version, out error))
            {
                await Replies.Error(context, StatusCodes.Status422UnprocessableEntity, error);
                return;
            }

            context.Response.ContentType = "application/json; charset=utf-8";
            JsonRows.Write(context.Response.BodyWriter, outputs.AsSpan(0, rows * predictor.OutputSize), rows, predictor.OutputSize, version);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(inputs);
            if (outputs is not null)
            {
                ArrayPool<float>.Shared.Return(outputs);
            }
        }
    }

    /// <summary>What is wrong with the first non-finite input (a 400), or null when all are finite. JSON inputs
    /// are checked while they are parsed.</summary>
    private static string? NonFiniteInput(ReadOnlySpan<float> inputs, int inputSize)
    {
        int bad = IndexOfNonFinite(inputs);
        return bad < 0 ? null : $"Row {bad / inputSize}, column {bad % inputSize}: {inputs[bad]} is not a finite number.";
    }

    /// <summary>Runs the rows, then checks that every output came out finite; otherwise says which row overflowed
    /// (a 422: the request is well formed but its numbers are beyond what the model can answer in float32).</summary>
    private static bool TryPredict(Predictor predictor, ReadOnlySpan<float> inputs, int rows, Span<float> outputs, out long version, [NotNullWhen(false)] out string? error)
    {
        Span<float> y = outputs[..(rows * predictor.OutputSize)];
        version = predictor.Predict(inputs, rows, y);
        int bad = IndexOfNonFinite(y);
        error = bad < 0 ? null : $"Row {bad / predictor.OutputSize}: the model's output {y[bad]} is not finite; the inputs are outside the range it can answer.";
        return bad < 0;
    }

    private static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A 413 when rows × OutputSize floats would exceed the answer limit (a small input can ask for a huge answer).</summary>
    private async Task<bool> RefuseLargeAnswer(HttpContext context, int rows, int outputSize)
    {
        if ((long)rows * outputSize <= maxAnswerFloats)
        {
            return false;
        }

        await Replies.Error(
            context, StatusCodes.Status413PayloadTooLarge,
            $"{rows} rows would answer {(long)rows * outputSize * sizeof(float)} bytes; the limit is {maxAnswerFloats * sizeof(float)} ({ServeOptions.AnswerToBodyRatio} × the body limit).");
        return true;
    }

    private string Header(long version)
    {
        Tuple<long, string> last = Volatile.Read(ref versionText);
        if (last.Item1 != version)
        {
            last = Tuple.Create(version, version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Volatile.Write(ref versionText, last);
        }

        return last.Item2;
    }
}
