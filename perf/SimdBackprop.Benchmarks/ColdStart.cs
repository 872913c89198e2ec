using System.Diagnostics;

namespace SimdBackprop.Benchmarks;

/// <summary>
/// What a service's first requests pay: in fresh processes, the first 1,000 <see cref="Predictor.Predict(ReadOnlySpan{float}, Span{float})"/>
/// calls of a 784-256-128-10 ReLU network at batch 1, each timed, then 2 s more of calls to find the steady
/// state. Prints, per process and as medians over the processes (a process that never settles is left out of
/// the last two medians): the construction, the first call, p50 and p99 of the first 1,000,
/// the steady p50, and the call and time from process start after which a sliding window of 50 calls stays
/// within 10 % of the steady p50. Run it under the runtime's tiering switches to compare them:
/// <c>dotnet run -c Release --project perf/SimdBackprop.Benchmarks -- --cold-start [--processes 7]</c>
/// (the parent starts each child with <c>--cold-start-child</c>; set <c>DOTNET_TieredCompilation=0</c>,
/// <c>DOTNET_TieredPGO=0</c>, <c>DOTNET_ReadyToRun=0</c> … on the parent to pass them on).
/// </summary>
public static class ColdStart
{
    private const int FirstCalls = 1000;
    private const int Window = 50;

    public static int Run(string[] args)
    {
        int at = Array.IndexOf(args, "--processes");
        int processes = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : 7;
        var rows = new List<double[]>();
        Console.WriteLine("| process | new Predictor ms | first call µs | p50 first 1000 µs | p99 first 1000 µs | steady p50 µs | steady from call | at ms after start |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int p = 0; p < processes; p++)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!, [.. Environment.GetCommandLineArgs().Skip(1).Where(a => a != "--cold-start"), "--cold-start-child"])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                start.ArgumentList.Insert(0, typeof(ColdStart).Assembly.Location);
            }

            using Process child = Process.Start(start)!;
            string output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            double[] row = [.. output.Trim().Split(' ').Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture))];
            rows.Add(row);
            Console.WriteLine($"| {p + 1} | {row[0]:F1} | {row[1]:F1} | {row[2]:F2} | {row[3]:F2} | {row[4]:F2} | {row[5]:F0} | {row[6]:F0} |");
        }

        double Median(int column)
        {
            double[] values = [.. rows.Select(r => r[column]).Where(double.IsFinite).Order()];
            return values.Length == 0 ? double.NaN : values[values.Length / 2];
        }

        Console.WriteLine($"| median | {Median(0):F1} | {Median(1):F1} | {Median(2):F2} | {Median(3):F2} | {Median(4):F2} | {Median(5):F0} | {Median(6):F0} |");
        return 0;
    }

    /// <summary>One fresh process: prints "first p50 p99 steady steadyCall steadyMs".</summary>
    public static int Child()
    {
        long processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime().Ticks;
        var network = new Network(784, new LayerSpec(256, Activation.ReLU), new LayerSpec(128, Activation.ReLU), new LayerSpec(10, Activation.Identity));
        network.Initialize(WeightInit.HeNormal, 1);
        long constructStart = Stopwatch.GetTimestamp();
        var predictor = new Predictor(network);
        double constructMs = Stopwatch.GetElapsedTime(constructStart).TotalMilliseconds;
        float[] x = new float[784], y = new float[10];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (i % 17) / 17f;
        }

        var first = new double[FirstCalls];
        var callEnds = new long[FirstCalls];
        for (int c = 0; c < FirstCalls; c++)
        {
            long t0 = Stopwatch.GetTimestamp();
            predictor.Predict(x, y);
            long t1 = Stopwatch.GetTimestamp();
            first[c] = (t1 - t0) * 1e6 / Stopwatch.Frequency;
            callEnds[c] = DateTime.UtcNow.Ticks;
        }

        var steady = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            long t0 = Stopwatch.GetTimestamp();
            predictor.Predict(x, y);
            steady.Add((Stopwatch.GetTimestamp() - t0) * 1e6 / Stopwatch.Frequency);
        }

        double steadyP50 = steady.Order().ElementAt(steady.Count / 2);
        double[] sorted = [.. first.Order()];

        // The first call after which every window of 50 calls has its median within 10 % of the steady p50.
        int settled = FirstCalls;
        for (int c = FirstCalls - Window; c >= 0; c--)
        {
            double median = first.Skip(c).Take(Window).Order().ElementAt(Window / 2);
            if (median > 1.1 * steadyP50)
            {
                break;
            }

            settled = c;
        }

        double settledMs = settled < FirstCalls ? (callEnds[settled] - processStart) / 1e4 : double.NaN;
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{constructMs} {first[0]} {sorted[FirstCalls / 2]} {sorted[(int)(FirstCalls * 0.99)]} {steadyP50} {settled} {settledMs}"));
        return 0;
    }
}
