using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace SimdBackprop.Cli.Server;

/// <summary>
/// A request body read whole into an array rented from <see cref="ArrayPool{T}.Shared"/>: after warm-up the
/// pool hands back the same arrays, so reading a body allocates nothing of its own. Dispose returns the array.
/// </summary>
internal readonly struct RequestBody : IDisposable
{
    private readonly byte[] buffer;

    private RequestBody(byte[] buffer, int length)
    {
        this.buffer = buffer;
        Length = length;
    }

    /// <summary>Bytes read.</summary>
    public int Length { get; }

    /// <summary>The body's bytes.</summary>
    public ReadOnlySpan<byte> Bytes => buffer.AsSpan(0, Length);

    /// <summary>Reads the whole body. Kestrel enforces the size limit while reading (413 as a
    /// <see cref="BadHttpRequestException"/>); the declared length only sizes the first buffer.</summary>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, CancellationToken cancellation)
    {
        int capacity = request.ContentLength is long declared and > 0 and <= int.MaxValue ? (int)declared : 4096;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(capacity);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= Array.MaxLength)
                    {
                        throw new BadHttpRequestException("The request body is larger than an array can hold.", StatusCodes.Status413PayloadTooLarge);
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * buffer.Length, Array.MaxLength));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellation);
                if (read == 0)
                {
                    return new RequestBody(buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
