using System.Diagnostics;
using System.Text.Json;
using SimdBackprop.Benchmarks.Reporting;

namespace SimdBackprop.Benchmarks.Peers;

/// <summary>
/// Runs perf/pytorch_training_step.py (embedded in this assembly) as a child process with Debian's
/// python3-torch on one thread, and publishes its median and best step times for the PyTorch columns.
/// The interpreter is <c>/usr/bin/python3</c> (a pyenv or venv python3 earlier on PATH usually lacks torch),
/// or <c>SIMDBACKPROP_PYTHON</c>. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from its environment,
/// as for the native GEMM peers, so its OpenBLAS runs its autodetected kernels.
/// </summary>
internal static class PyTorchPeer
{
    private const string Script = "pytorch_training_step.py";

    /// <summary>Measures one training step at <paramref name="batch"/>; prints why when PyTorch cannot run.</summary>
    public static void MeasureAndPublish(int batch, int threads = 1)
    {
        string? missing = Measure(batch, threads, out JsonElement result);
        if (missing is not null)
        {
            Console.WriteLine($"// PyTorch peer skipped: {missing}");
            RunLog.Publish(RunLog.PyTorchMissing, missing);
            return;
        }

        Console.WriteLine($"// PyTorch: {result}");
        RunLog.Publish(RunLog.PyTorchMedianMs, result.GetProperty("median_ms").GetDouble());
        RunLog.Publish(RunLog.PyTorchBestMs, result.GetProperty("best_ms").GetDouble());
    }

    private static string? Measure(int batch, int threads, out JsonElement result)
    {
        result = default;
        string python = Environment.GetEnvironmentVariable("SIMDBACKPROP_PYTHON") ?? "/usr/bin/python3";
        if (!File.Exists(python))
        {
            return $"{python} not found: apt-get install python3-torch (or set SIMDBACKPROP_PYTHON)";
        }

        string scriptPath = Path.Combine(Path.GetTempPath(), $"simdbackprop-{Environment.ProcessId}-{Script}");
        using (Stream source = typeof(PyTorchPeer).Assembly.GetManifestResourceStream(Script) ?? throw new InvalidOperationException($"{Script} is not embedded"))
        using (FileStream target = File.Create(scriptPath))
        {
            source.CopyTo(target);
        }

        try
        {
            var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            string count = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (string argument in new[] { scriptPath, "--batch", batch.ToString(System.Globalization.CultureInfo.InvariantCulture), "--threads", count })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment.Remove("OPENBLAS_CORETYPE");
            start.Environment.Remove("OPENBLAS_L2_SIZE");
            start.Environment["OMP_NUM_THREADS"] = count;
            start.Environment["OPENBLAS_NUM_THREADS"] = count;
            start.Environment["MKL_NUM_THREADS"] = count;
            foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToArray())
            {
                start.Environment.Remove(key); // the tier leg's switches are for this process, not for Python
            }

            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {python}");
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill();
                return "the PyTorch script did not finish within 2 minutes";
            }

            string line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
            if (!line.StartsWith('{'))
            {
                return $"the PyTorch script exited {process.ExitCode} without a result: {stderr.Result.Trim()}";
            }

            result = JsonDocument.Parse(line).RootElement.Clone();
            return result.TryGetProperty("error", out JsonElement error) ? error.GetString() : null;
        }
        finally
        {
            File.Delete(scriptPath);
        }
    }
}
