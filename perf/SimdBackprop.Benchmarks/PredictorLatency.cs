using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Text.Json;
using SimdBackprop.Benchmarks.Peers;
using SimdBackprop.Benchmarks.Reporting;
using SimdBackprop.Kernels.PackedLayer;

namespace SimdBackprop.Benchmarks;

/// <summary>
/// Per-call latency of <see cref="Predictor"/> (p50, p99, allocated bytes per call) for 784-256-128-10 and
/// 256-256-10 (ReLU hidden layers, linear output) at batch 1, 8 and 64, side by side with ONNX Runtime's C# API
/// (1.32, IOBinding, in this process, see <see cref="OnnxRuntimePeer"/>) and PyTorch measured in the same run by
/// perf/pytorch_predict_latency.py (Debian's python3-torch, one thread, inference mode).
/// BenchmarkDotNet reports means and medians of batches of calls; tail latency needs every call timed, so
/// this is a plain harness: <c>dotnet run -c Release --project perf/SimdBackprop.Benchmarks -- --predictor-latency [--quick] [--no-torch] [--shapes 784-256-128-10,256-256-10]</c>.
/// </summary>
public static class PredictorLatency
{
    private static readonly int[][] Shapes = [[784, 256, 128, 10], [256, 256, 10]];
    private static readonly int[] Batches = [1, 8, 64];

    public static int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        bool noTorch = args.Contains("--no-torch");
        TierCheck.Verify();
        Console.WriteLine($"// machine: {CpuName()}, {Environment.ProcessorCount} logical cores; .NET {Environment.Version}; tier {Simd.Tier}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

        int[][] shapes = Shapes;
        int shapesAt = Array.IndexOf(args, "--shapes"); // e.g. --shapes 784-256,64-64 (exploration)
        if (shapesAt >= 0 && shapesAt + 1 < args.Length)
        {
            shapes = args[shapesAt + 1].Split(',').Select(s => s.Split('-').Select(int.Parse).ToArray()).ToArray();
        }

        var specs = new List<(int[] Shape, int Batch, int Calls)>();
        foreach (int[] shape in shapes)
        {
            foreach (int batch in Batches)
            {
                int calls = batch switch { 1 => 100_000, 8 => 30_000, _ => 10_000 };
                specs.Add((shape, batch, quick ? calls / 10 : calls));
            }
        }

        // PyTorch first (a child process), then ours, so both see the same machine within one run.
        Dictionary<(string, int), (double P50, double P99)> torch = noTorch ? [] : RunPyTorch(specs);

        Console.WriteLine();
        Console.WriteLine("| shape | batch | p50 µs | p99 µs | p99/p50 | B/call | preempted % | stream floor µs | bf16 p50 µs | bf16 p99 µs | bf16 B/call | bf16 / fp32 (p50) | bf16 stream floor µs | ONNX Runtime p50 µs | p99 µs | B/call | ORT p50 / ours | PyTorch p50 µs | PyTorch p99 µs | PyTorch p50 / ours |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach ((int[] shape, int batch, int calls) in specs)
        {
            string name = string.Join('-', shape);
            (double p50, double p99, double bytes, double preempted) = Measure(shape, batch, calls, WeightPrecision.Float32);
            double floor = StreamFloor(shape, sizeof(float));
            (double bfP50, double bfP99, double bfBytes, _) = Measure(shape, batch, calls, WeightPrecision.BFloat16);
            string bf16 = $"{bfP50:F2} | {bfP99:F2} | {bfBytes:F1} | {bfP50 / p50:F2} | {StreamFloor(shape, sizeof(ushort)):F2}";
            (double ortP50, double ortP99, double ortBytes, _) = MeasureOnnxRuntime(shape, batch, calls);
            string ort = $"{ortP50:F2} | {ortP99:F2} | {ortBytes:F1} | {ortP50 / p50:F2}×";
            string peer = torch.TryGetValue((name, batch), out var t)
                ? $"{t.P50:F2} | {t.P99:F2} | {t.P50 / p50:F1}×"
                : "n/a | n/a | n/a";
            Console.WriteLine($"| {name} | {batch} | {p50:F2} | {p99:F2} | {p99 / p50:F2} | {bytes:F1} | {preempted:F2} | {floor:F2} | {bf16} | {ort} | {peer} |");
        }

        ListenerCost();
        return 0;
    }

    /// <summary>
    /// The batch-1 floor measured on this machine now: the time to read the packed parameters of the shape once
    /// at the best rate <see cref="BandwidthProbe"/> measures for a buffer of that size (full-width loads at the
    /// process's tier, 512 or 256 bits). A GEMV must stream every weight once per sample, so this is what the
    /// kernel could at best reach. <paramref name="weightBytes"/> is the size of one stored weight (4 for float32,
    /// 2 for bfloat16); biases are float32 either way.
    /// </summary>
    private static double StreamFloor(int[] shape, int weightBytes)
    {
        long bytes = 0;
        for (int l = 1; l < shape.Length; l++)
        {
            bytes += (PackedLayerKernel.PackedLength(shape[l], shape[l - 1]) * weightBytes) + (PackedLayerKernel.PaddedRows(shape[l]) * sizeof(float));
        }

        double gigabytesPerSecond = BandwidthProbe.ReadGBs(bytes, TimeSpan.FromMilliseconds(300));
        return bytes / (gigabytesPerSecond * 1e3);
    }

    /// <summary>Telemetry cost: p50 of 256-256-10 at batch 1 with no listener, then with an in-process
    /// MeterListener enabling every instrument of the SimdBackprop meter (what dotnet-counters and OpenTelemetry do), then without.</summary>
    private static void ListenerCost()
    {
        int[] shape = [256, 256, 10];
        double before = Measure(shape, 1, 100_000).P50;
        double with;
        using (var listener = new System.Diagnostics.Metrics.MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Predictor.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.Start();
            with = Measure(shape, 1, 100_000).P50;
        }

        double after = Measure(shape, 1, 100_000).P50;
        Console.WriteLine();
        Console.WriteLine($"// telemetry, 256-256-10 batch 1 p50: no listener {before:F2} µs, meter enabled {with:F2} µs, no listener again {after:F2} µs");
    }

    internal static Network NetworkOf(int[] shape)
    {
        LayerSpec[] layers = shape.Skip(1).Select((n, i) => new LayerSpec(n, i == shape.Length - 2 ? Activation.Identity : Activation.ReLU)).ToArray();
        var network = new Network(shape[0], layers);
        network.Initialize(WeightInit.HeUniform, 42);
        return network;
    }

    internal static float[] InputsOf(int[] shape, int batch)
    {
        var random = new Random(7);
        return Enumerable.Range(0, batch * shape[0]).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
    }

    private static (double P50, double P99, double BytesPerCall, double PreemptedPercent) Measure(int[] shape, int batch, int calls, WeightPrecision precision = WeightPrecision.Float32)
    {
        Network network = NetworkOf(shape);
        var predictor = new Predictor(network, precision);
        float[] x = InputsOf(shape, batch);
        float[] y = new float[batch * shape[^1]];
        return Time(() => predictor.Predict(x, batch, y), calls);
    }

    /// <summary>ONNX Runtime on the same network and data (<see cref="OnnxRuntimePeer"/>: IOBinding, one thread).</summary>
    private static (double P50, double P99, double BytesPerCall, double PreemptedPercent) MeasureOnnxRuntime(int[] shape, int batch, int calls)
    {
        Network network = NetworkOf(shape);
        float[] x = InputsOf(shape, batch);
        float[] y = new float[batch * shape[^1]];
        using var peer = new OnnxRuntimePeer(network, x, y, batch);
        return Time(peer.Run, calls);
    }

    /// <summary>p50 and p99 of single calls (µs), managed bytes per call and the share of calls preempted, after a warm-up.</summary>
    private static (double P50, double P99, double BytesPerCall, double PreemptedPercent) Time(Action call, int calls)
    {
        var ticks = new long[calls];

        // Warm-up: at least 0.5 s, so tiered compilation has promoted every method on the path (its
        // background tier-1 compile starts ~100 ms after the first calls), caches and the workspace.
        long warmUntil = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 2);
        for (int i = 0; i < calls / 5 || Stopwatch.GetTimestamp() < warmUntil; i++)
        {
            call();
        }

        long preemptedBefore = Preemptions();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        double bytes = (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / calls;
        long preempted = Preemptions() - preemptedBefore;
        Array.Sort(ticks);
        double us = 1e6 / Stopwatch.Frequency;
        return (ticks[calls / 2] * us, ticks[Math.Min(calls - 1, (int)(calls * 0.99))] * us, bytes, preempted < 0 ? double.NaN : 100.0 * preempted / calls);
    }

    private static Dictionary<(string, int), (double, double)> RunPyTorch(List<(int[] Shape, int Batch, int Calls)> specs)
    {
        var results = new Dictionary<(string, int), (double, double)>();
        string script = FindScript();
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach ((int[] shape, int batch, int calls) in specs)
        {
            start.ArgumentList.Add($"{string.Join('-', shape)}:{batch}:{calls}");
        }

        // This machine presets both to values that slow OpenBLAS (and so PyTorch and NumPy) by up to 3×.
        start.Environment.Remove("OPENBLAS_CORETYPE");
        start.Environment.Remove("OPENBLAS_L2_SIZE");
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        Console.WriteLine($"// PyTorch peer: /usr/bin/python3 {script} (one thread, inference mode)");
        try
        {
            using Process process = Process.Start(start)!;
            string stdout = process.StandardOutput.ReadToEnd();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var json = JsonDocument.Parse(line);
                JsonElement root = json.RootElement;
                if (root.TryGetProperty("error", out JsonElement error))
                {
                    Console.WriteLine($"// PyTorch peer skipped: {error.GetString()}");
                }
                else if (root.TryGetProperty("torch", out JsonElement version))
                {
                    Console.WriteLine($"// PyTorch {version.GetString()}, {root.GetProperty("threads").GetInt32()} thread, BLAS: {root.GetProperty("blas").GetString()}");
                }
                else
                {
                    results[(root.GetProperty("shape").GetString()!, root.GetProperty("batch").GetInt32())] =
                        (root.GetProperty("p50_us").GetDouble(), root.GetProperty("p99_us").GetDouble());
                }
            }

            if (process.ExitCode != 0 && results.Count == 0 && stderr.Length > 0)
            {
                Console.WriteLine($"// PyTorch peer skipped (exit {process.ExitCode}): {stderr.Trim().Split('\n')[^1]}");
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or JsonException)
        {
            Console.WriteLine($"// PyTorch peer skipped: {e.Message}");
        }

        return results;
    }

    /// <summary>Involuntary context switches of the calling OS thread so far (Linux), or -1: each one is a
    /// call the scheduler interrupted to run another process, which is what a p99 on a shared machine sees.</summary>
    private static long Preemptions()
    {
        try
        {
            string path = $"/proc/self/task/{GetTid()}/status";
            string? line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal));
            return line is null ? -1 : long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or DllNotFoundException or EntryPointNotFoundException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();

    private static string FindScript()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string candidate = Path.Combine(dir, "perf", "pytorch_predict_latency.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(Environment.CurrentDirectory, "perf", "pytorch_predict_latency.py");
    }

    private static string CpuName()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
