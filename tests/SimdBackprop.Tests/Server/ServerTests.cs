using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace SimdBackprop.Tests.Server;

/// <summary><c>simdbp serve</c> on a real loopback socket: answers against <see cref="Predictor"/>, every bad
/// request's 4xx, hot reload under load, a broken file, and the process stopping on SIGTERM.</summary>
public class ServerTests
{
    private static readonly TimeSpan ReloadDeadline = TimeSpan.FromSeconds(15); // generous: CI machines are shared

    [Fact]
    public async Task Healthz_ReportsTheModelAndTier()
    {
        Network net = Model(1, 12, 5);
        await using RunningServer server = await RunningServer.StartAsync(net);
        using JsonDocument health = await Health(server);
        JsonElement root = health.RootElement;
        Assert.Equal("ok", root.GetProperty("status").GetString());
        Assert.Equal(1, root.GetProperty("modelVersion").GetInt64());
        Assert.Equal(12, root.GetProperty("inputSize").GetInt32());
        Assert.Equal(5, root.GetProperty("outputSize").GetInt32());
        Assert.Equal(Simd.Tier.ToString(), root.GetProperty("tier").GetString());
        Assert.Equal("fp32", root.GetProperty("weights").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("lastReloadError").ValueKind);
    }

    [Fact]
    public async Task Binary_AnswersBitIdenticalToThePredictor()
    {
        Network net = Model(2, 30, 7);
        var predictor = new Predictor(net);
        await using RunningServer server = await RunningServer.StartAsync(net);
        var random = new Random(2);
        foreach (int rows in new[] { 1, 3, 64, 130 })
        {
            float[] x = Data.Uniform(random, rows * net.InputSize, 3f);
            var expected = new float[rows * net.OutputSize];
            predictor.Predict(x, rows, expected);
            using HttpResponseMessage response = await server.Client.PostAsync("/v1/predict", Binary(x));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("1", Assert.Single(response.Headers.GetValues("X-Model-Version")));
            float[] actual = MemoryMarshal.Cast<byte, float>(await response.Content.ReadAsByteArrayAsync()).ToArray();
            AssertBitEqual(expected, actual, $"{rows} rows");
        }
    }

    [Fact]
    public async Task Bf16Weights_AnswerBitIdenticalToABf16Predictor_AndSayItInHealthz()
    {
        Network net = Model(13, 30, 7);
        var predictor = new Predictor(net, WeightPrecision.BFloat16);
        await using RunningServer server = await RunningServer.StartAsync(net, precision: WeightPrecision.BFloat16);
        float[] x = Data.Uniform(new Random(13), 9 * net.InputSize, 3f);
        var expected = new float[9 * net.OutputSize];
        predictor.Predict(x, 9, expected);
        using HttpResponseMessage response = await server.Client.PostAsync("/v1/predict", Binary(x));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertBitEqual(expected, MemoryMarshal.Cast<byte, float>(await response.Content.ReadAsByteArrayAsync()).ToArray(), "bf16 answers");
        server.ReplaceModel(Model(14, 30, 7));
        await WaitForVersion(server, 2);
        Assert.Equal(WeightPrecision.BFloat16, server.Served.Predictor.Precision); // a reload keeps the precision
        using JsonDocument health = await Health(server);
        Assert.Equal("bf16", health.RootElement.GetProperty("weights").GetString());
    }

    [Fact]
    public async Task Json_AnswersEqualThePredictorAfterShortestRoundTripPrinting()
    {
        Network net = Model(3, 9, 4);
        var predictor = new Predictor(net);
        await using RunningServer server = await RunningServer.StartAsync(net);
        var random = new Random(3);
        const int rows = 5;
        float[] x = Data.Uniform(random, rows * net.InputSize, 2f);
        var expected = new float[rows * net.OutputSize];
        predictor.Predict(x, rows, expected);

        using HttpResponseMessage response = await server.Client.PostAsync("/v1/predict", Json(x, rows, net.InputSize));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, answer.RootElement.GetProperty("modelVersion").GetInt64());
        JsonElement outputs = answer.RootElement.GetProperty("outputs");
        Assert.Equal(rows, outputs.GetArrayLength());
        float[] actual = outputs.EnumerateArray().SelectMany(row => row.EnumerateArray().Select(v => v.GetSingle())).ToArray();
        AssertBitEqual(expected, actual, "JSON outputs"); // float32 printed shortest-round-trip parses back to the same bits
    }

    [Theory]
    [InlineData("{\"inputs\": [[1, 2, 3, 4]", 400, "Malformed JSON")]
    [InlineData("{\"inputs\": [[1, 2, 3]", 400, "has 3 numbers")]
    [InlineData("not json", 400, "Malformed JSON")]
    [InlineData("[[1, 2, 3, 4]]", 400, "JSON object")]
    [InlineData("{\"inputs\": [[1, 2, 3]]}", 400, "has 3 numbers; the model takes 4")]
    [InlineData("{\"inputs\": [[1, 2, 3, 4, 5]]}", 400, "more than 4 numbers")]
    [InlineData("{\"inputs\": [[1, 2, 3, 4], [1, 2]]}", 400, "Row 1 has 2 numbers")]
    [InlineData("{\"inputs\": [[1, 2, 3e39, 4]]}", 400, "outside the finite float32 range")]
    [InlineData("{\"inputs\": [[1, 2, -1e400, 4]]}", 400, "outside the finite float32 range")]
    [InlineData("{\"inputs\": [[1, 2, \"3\", 4]]}", 400, "is not a number")]
    [InlineData("{\"inputs\": [1, 2, 3, 4]}", 400, "not an array of numbers")]
    [InlineData("{\"inputs\": 4}", 400, "must be an array")]
    [InlineData("{\"input\": [[1, 2, 3, 4]]}", 400, "Unknown property \\\"input\\\"")]
    [InlineData("{}", 400, "no \\\"inputs\\\"")]
    [InlineData("{\"inputs\": [[1, 2, 3, 4]], \"inputs\": [[1, 2, 3, 4]]}", 400, "twice")]
    [InlineData("{\"inputs\": [[1, 2, 3, 4]]} trailing", 400, "Malformed JSON")]
    [InlineData("", 400, "empty")]
    public async Task BadJson_Gets4xxWithAJsonError_AndTheServerStaysHealthy(string body, int status, string expected)
    {
        Network net = Model(4, 4, 2);
        await using RunningServer server = await RunningServer.StartAsync(net);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        await AssertError(await server.Client.PostAsync("/v1/predict", content), status, expected);
        await AssertStillServes(server, net);
    }

    [Fact]
    public async Task BadBinaryAndProtocol_Get4xxWithAJsonError_AndTheServerStaysHealthy()
    {
        Network net = Model(5, 4, 2);
        await using RunningServer server = await RunningServer.StartAsync(net, maxBodyBytes: 4096);
        HttpClient client = server.Client;

        await AssertError(await client.PostAsync("/v1/predict", Binary(new float[5])), 400, "not a whole number of rows");
        await AssertError(await client.PostAsync("/v1/predict", Binary([])), 400, "empty");
        await AssertError(await client.PostAsync("/v1/predict", Binary([1, 2, float.NaN, 4])), 400, "Row 0, column 2");
        await AssertError(await client.PostAsync("/v1/predict", Binary([1, 2, 3, 4, 1, float.PositiveInfinity, 3, 4])), 400, "Row 1, column 1");
        await AssertError(await client.PostAsync("/v1/predict", new StringContent("1,2,3,4", Encoding.UTF8, "text/csv")), 415, "application/json or application/octet-stream");
        using (var noType = new ByteArrayContent(new byte[16]))
        {
            await AssertError(await client.PostAsync("/v1/predict", noType), 415, "application/json or application/octet-stream");
        }

        await AssertError(await client.PostAsync("/v1/predict", Binary(new float[2048])), 413, "too large");
        using (var chunked = new StreamContent(new MemoryStream(new byte[8192])))
        {
            chunked.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/predict") { Content = chunked };
            request.Headers.TransferEncodingChunked = true;
            await AssertError(await client.SendAsync(request), 413, "too large");
        }

        using (var brokenUtf8 = new ByteArrayContent([.. "{\"in"u8, 0xC3, 0x28, .. "\": [[1, 2, 3, 4]]}"u8]))
        {
            brokenUtf8.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            await AssertError(await client.PostAsync("/v1/predict", brokenUtf8), 400, ""); // found by JsonRowsTests: was a 500
        }

        using (var hugeNumber = new StringContent("{\"inputs\": [[1, 2, 3, 1" + new string('0', 1000) + "]]}", Encoding.UTF8, "application/json"))
        {
            await AssertError(await client.PostAsync("/v1/predict", hugeNumber), 400, "…"); // the echoed token is cut short
        }

        await AssertError(await client.GetAsync("/v1/predict"), 405, "GET is not allowed");
        await AssertError(await client.DeleteAsync("/healthz"), 405, "DELETE is not allowed");
        await AssertError(await client.GetAsync("/v2/predict"), 404, "No route");

        // Finite inputs whose answer overflows float32: well formed, but not answerable (422, not 5xx).
        var huge = new Network(4, [new LayerSpec(2, Activation.Identity)]);
        huge.Weights(0).Fill(3e38f);
        server.ReplaceModel(huge);
        await WaitForVersion(server, 2);
        await AssertError(await client.PostAsync("/v1/predict", Binary([1e3f, 1e3f, 1e3f, 1e3f])), 422, "not finite");
        server.ReplaceModel(net);
        await WaitForVersion(server, 3);
        await AssertStillServes(server, net);
    }

    [Fact]
    public async Task HotReload_UnderConcurrentRequests_LosesNone_AndEachAnswerIsTheOldOrTheNewModels()
    {
        Network a = Model(6, 20, 3), b = Model(7, 20, 3);
        Predictor[] byParity = [new Predictor(b), new Predictor(a)]; // version 1 is a, then b, a, b, …
        await using RunningServer server = await RunningServer.StartAsync(a);
        float[] x = Data.Uniform(new Random(6), 4 * a.InputSize, 2f);
        var expected = byParity.Select(p =>
        {
            var y = new float[4 * a.OutputSize];
            p.Predict(x, 4, y);
            return y;
        }).ToArray();

        using var stop = new CancellationTokenSource();
        int answered = 0, wrong = 0;
        var versions = new HashSet<long>();
        Task[] clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using HttpResponseMessage response = await server.Client.PostAsync("/v1/predict", Binary(x));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref wrong);
                    continue;
                }

                long version = long.Parse(response.Headers.GetValues("X-Model-Version").Single());
                float[] y = MemoryMarshal.Cast<byte, float>(await response.Content.ReadAsByteArrayAsync()).ToArray();
                if (!y.AsSpan().SequenceEqual(expected[version & 1]))
                {
                    Interlocked.Increment(ref wrong);
                }

                lock (versions)
                {
                    versions.Add(version);
                }

                Interlocked.Increment(ref answered);
            }
        })).ToArray();

        for (long version = 2; version <= 7; version++)
        {
            server.ReplaceModel((version & 1) == 0 ? b : a);
            await WaitForVersion(server, version);
            await Task.Delay(50);
        }

        stop.Cancel();
        await Task.WhenAll(clients);
        Assert.Equal(0, wrong);
        Assert.True(answered > 20, $"only {answered} answers");
        Assert.True(versions.Count >= 4, $"answers came from versions {string.Join(", ", versions)} only");
    }

    [Fact]
    public async Task Reload_OfABrokenFileOrOtherSizes_KeepsTheOldModelServing_AndHealthzSaysWhy()
    {
        Network net = Model(8, 6, 3);
        await using RunningServer server = await RunningServer.StartAsync(net);

        server.ReplaceModel(stream => stream.Write("not a model at all"u8));
        string error = await WaitForReloadError(server);
        Assert.Contains("model.safetensors", error);
        await AssertStillServes(server, net);

        server.ReplaceModel(Model(9, 7, 3)); // 7 inputs: clients' rows would no longer fit
        string sizes = await WaitForReloadError(server, differentFrom: error);
        Assert.Contains("7 inputs", sizes);
        await AssertStillServes(server, net);

        server.ReplaceModel(Model(10, 6, 3));
        await WaitForVersion(server, 2);
        using JsonDocument health = await Health(server);
        Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, health.RootElement.GetProperty("lastReloadError").ValueKind);
    }

    [Fact]
    public async Task ServeCommand_AsAProcess_AnswersThenStopsGracefullyOnSigterm()
    {
        Network net = Model(11, 5, 2);
        using var cli = new Cli.Simdbp();
        string model = cli.PathOf("m.safetensors");
        ModelFile.Save(net, model);
        string simdbp = Path.Combine(AppContext.BaseDirectory, "simdbp.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", ["exec", simdbp, "serve", "--model", model, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        try
        {
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync()) is not null && !line.StartsWith("serving ", StringComparison.Ordinal))
            {
            }

            Assert.NotNull(line);
            string url = line![(line.LastIndexOf(" on ", StringComparison.Ordinal) + 4)..line.IndexOf(';', StringComparison.Ordinal)];
            using var client = new HttpClient { BaseAddress = new Uri(url) };
            using HttpResponseMessage response = await client.PostAsync("/v1/predict", Binary(new float[5]));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(deadline.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public void ServeCommand_BadOptions_FailWithOneLine()
    {
        using var cli = new Cli.Simdbp();
        string model = cli.PathOf("m.safetensors");
        ModelFile.Save(Model(12, 3, 1), model);
        cli.AssertFails("--max-body-bytes", "serve", "--model", model, "--max-body-bytes", "0");
        cli.AssertFails("--urls", "serve", "--model", model, "--urls", ";");
        cli.AssertFails("missing.safetensors", "serve", "--model", cli.PathOf("missing.safetensors"));
        cli.AssertFails("weight precision 'fp16'", "serve", "--model", model, "--weights", "fp16");
    }

    private static Network Model(int seed, int inputs, int outputs)
    {
        var net = new Network(inputs, [new LayerSpec(16, Activation.Tanh), new LayerSpec(outputs, Activation.Identity)]);
        net.Initialize(WeightInit.GlorotUniform, seed);
        return net;
    }

    private static ByteArrayContent Binary(float[] values)
    {
        var content = new ByteArrayContent(MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private static StringContent Json(float[] x, int rows, int width)
    {
        var text = new StringBuilder("{\"inputs\": [");
        for (int r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "[" : ", [");
            text.AppendJoin(", ", x.Skip(r * width).Take(width).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            text.Append(']');
        }

        return new StringContent(text.Append("]}").ToString(), Encoding.UTF8, "application/json");
    }

    private static async Task AssertError(HttpResponseMessage response, int status, string expected)
    {
        using (response)
        {
            string body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using JsonDocument error = JsonDocument.Parse(body);
            string message = error.RootElement.GetProperty("error").GetString()!;
            Assert.Contains(expected.Replace("\\\"", "\""), message);
        }
    }

    private static async Task AssertStillServes(RunningServer server, Network net)
    {
        using JsonDocument health = await Health(server);
        float[] x = Data.Uniform(new Random(99), net.InputSize);
        var expected = new float[net.OutputSize];
        new Predictor(net).Predict(x, expected);
        using HttpResponseMessage response = await server.Client.PostAsync("/v1/predict", Binary(x));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertBitEqual(expected, MemoryMarshal.Cast<byte, float>(await response.Content.ReadAsByteArrayAsync()).ToArray(), "after the bad request");
    }

    private static async Task<JsonDocument> Health(RunningServer server)
    {
        using HttpResponseMessage response = await server.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task WaitForVersion(RunningServer server, long version)
    {
        DateTime deadline = DateTime.UtcNow + ReloadDeadline;
        while (server.Served.Predictor.Version < version && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(version, server.Served.Predictor.Version);
    }

    private static async Task<string> WaitForReloadError(RunningServer server, string? differentFrom = null)
    {
        DateTime deadline = DateTime.UtcNow + ReloadDeadline;
        while (DateTime.UtcNow < deadline)
        {
            using JsonDocument health = await Health(server);
            JsonElement root = health.RootElement;
            if (root.GetProperty("lastReloadError").GetString() is { } error && error != differentFrom)
            {
                Assert.Equal("degraded", root.GetProperty("status").GetString());
                Assert.Equal(1, root.GetProperty("modelVersion").GetInt64());
                return error;
            }

            await Task.Delay(20);
        }

        Assert.Fail("no reload error appeared in /healthz");
        return "";
    }

    private static void AssertBitEqual(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"{what}[{i}]: {actual[i]:R} is not bit-identical to {expected[i]:R}");
        }
    }
}
