using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Xunit.Abstractions;

namespace SimdBackprop.Tests.Server;

/// <summary>What one request costs the server's heap after warm-up, measured over a raw keep-alive socket so the
/// client itself allocates nothing per request. Runs alone: the count is process-wide.</summary>
[Collection(ProcessWideListeners.Name)]
public class ServerAllocationTests(ITestOutputHelper output)
{
    /// <summary>Kestrel's own per-request work (header parsing, the response's state) and the awaits of a request
    /// that has to wait for its body; the handler's buffers come from pools. Measured ≈ 0.5 KiB; the bound leaves
    /// room for runtime versions, and catches a per-row or per-number allocation (a 784-float row is 3 KiB).</summary>
    private const double MaxBytesPerRequest = 2048;

    [Theory]
    [InlineData("application/octet-stream")]
    [InlineData("application/json")]
    public async Task AfterWarmUp_ARequestAllocatesOnlyKestrelsShare(string contentType)
    {
        var net = new Network(784, [new LayerSpec(64, Activation.ReLU), new LayerSpec(10, Activation.Identity)]);
        net.Initialize(WeightInit.HeUniform, 1);
        await using RunningServer server = await RunningServer.StartAsync(net);
        float[] row = Data.Uniform(new Random(1), 784);
        byte[] body = contentType == "application/json"
            ? Encoding.UTF8.GetBytes("{\"inputs\": [[" + string.Join(", ", row.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]]}")
            : MemoryMarshal.AsBytes(row.AsSpan()).ToArray();
        var uri = new Uri(server.Client.BaseAddress!, "/v1/predict");
        byte[] request = [.. Encoding.ASCII.GetBytes($"POST /v1/predict HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n\r\n"), .. body];

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(uri.Host, uri.Port);
        var reply = new byte[64 * 1024];
        await Exchange(socket, request, reply, 2000); // warm-up: tiering, pools, Kestrel's connection state
        const int requests = 2000;
        long before = GC.GetTotalAllocatedBytes(precise: true);
        await Exchange(socket, request, reply, requests);
        long after = GC.GetTotalAllocatedBytes(precise: true);
        double perRequest = (after - before) / (double)requests;
        output.WriteLine($"{contentType}: {perRequest:F0} bytes per request");
        Assert.True(perRequest <= MaxBytesPerRequest, $"{perRequest:F0} bytes per request");
    }

    /// <summary>Sends the request <paramref name="count"/> times on one connection, reading each whole reply.</summary>
    private static async Task Exchange(Socket socket, byte[] request, byte[] reply, int count)
    {
        for (int i = 0; i < count; i++)
        {
            await socket.SendAsync(request, SocketFlags.None);
            int length = 0;
            while (true)
            {
                length += await socket.ReceiveAsync(reply.AsMemory(length), SocketFlags.None);
                if (Complete(reply.AsSpan(0, length)))
                {
                    break;
                }
            }

            if (!reply.AsSpan(0, 12).SequenceEqual("HTTP/1.1 200"u8))
            {
                throw new InvalidOperationException(Encoding.ASCII.GetString(reply, 0, length));
            }
        }
    }

    /// <summary>A reply is whole when its headers have ended and Content-Length bytes or a final chunk follow.</summary>
    private static bool Complete(ReadOnlySpan<byte> reply)
    {
        int end = reply.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> headers = reply[..end];
        int at = headers.IndexOf("Content-Length: "u8);
        if (at < 0)
        {
            return reply.EndsWith("0\r\n\r\n"u8); // chunked
        }

        ReadOnlySpan<byte> digits = headers[(at + 16)..];
        int stop = digits.IndexOf("\r\n"u8);
        int contentLength = int.Parse(stop < 0 ? digits : digits[..stop]);
        return reply.Length >= end + 4 + contentLength;
    }
}
