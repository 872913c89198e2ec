using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace SimdBackprop.Cli.Commands;

/// <summary>
/// <c>simdbp bench</c>: the key kernels at every tier, each leg in a child process under its environment
/// switch, GFLOP/s and percent of the peak measured by an FMA probe in the same process. At most 30 s.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var seconds = new Option<int>("--seconds") { Description = "Total time budget, 5 … 30 seconds", DefaultValueFactory = _ => 20 };
        var child = new Option<int>("--child-ms") { Description = "Run the measurements in this process for this many milliseconds", Hidden = true };
        var command = new Command("bench", "Quick benchmark of the key kernels at every SIMD tier (≤ 30 s)") { seconds, child };
        command.SetAction(parse =>
        {
            if (parse.GetValue(child) is > 0 and int ms)
            {
                foreach ((string key, double value) in Measure(TimeSpan.FromMilliseconds(ms)))
                {
                    context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}={value}"));
                }

                return 0;
            }

            int budget = parse.GetValue(seconds);
            if (budget is < 5 or > 30)
            {
                throw new CliException("--seconds must be between 5 and 30");
            }

            return RunLegs(context, TimeSpan.FromSeconds(budget));
        });
        return command;
    }

    private static int RunLegs(CliContext context, TimeSpan budget)
    {
        var table = new Table().AddColumns("leg", "tier", "FMA peak GFLOP/s", "GEMM 256×784→256", "GEMM 512³", "train step 784-256-128-10 ×64", "sigmoid Gelem/s");
        var clock = Stopwatch.StartNew();
        int legs = SimdLeg.All.Count;
        for (int i = 0; i < legs; i++)
        {
            SimdLeg leg = SimdLeg.All[i];
            (string name, string? variable, string? value) = (leg.Name, leg.Variable, leg.Value);
            TimeSpan left = budget - clock.Elapsed;

            // Each child gets its share of what is left, less ~0.5 s for its start-up.
            int ms = (int)Math.Max(200, (left.TotalMilliseconds / (legs - i)) - 500);
            (int code, string output) = SelfLauncher.Run(variable, value, TimeSpan.FromMilliseconds(ms + 10_000), "bench", "--child-ms", ms.ToString(CultureInfo.InvariantCulture));
            if (code != 0)
            {
                table.AddRow(Markup.Escape(name), "failed", "", "", "", "", "");
                continue;
            }

            Dictionary<string, double> m = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(l => l.Split('=', 2)).Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
            double peak = m["peak"];
            string Rate(string key) => $"{m[key]:F1} GFLOP/s ({100 * m[key] / peak:F0}%)";
            table.AddRow(Markup.Escape(name), ((SimdTier)(int)m["tier"]).ToString(), $"{peak:F1}", Rate("gemm"), Rate("gemm512"), Rate("step"), $"{m["sigmoid"]:F2}");
        }

        context.Console.Write(table);
        context.Out.WriteLine($"({clock.Elapsed.TotalSeconds:F1} s; single thread; percentages are of the FMA peak measured in the same process)");
        return 0;
    }

    /// <summary>The measurements of one process at its own tier, each given a quarter of the budget.</summary>
    private static IEnumerable<(string Key, double Value)> Measure(TimeSpan budget)
    {
        TimeSpan each = budget / 5;
        yield return ("tier", (int)Simd.HardwareTier);
        yield return ("peak", FmaProbe.PeakGflops(each));

        var random = new Random(1);
        float[] Fill(int n) => Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
        float[] x = Fill(256 * 784), w = Fill(256 * 784), c = new float[256 * 256];
        yield return ("gemm", Gflops(2.0 * 256 * 256 * 784, each, () => Gemm.Multiply(false, true, 256, 256, 784, 1, x, 784, w, 784, 0, c, 256)));
        float[] a = Fill(512 * 512), b = Fill(512 * 512), d = new float[512 * 512];
        yield return ("gemm512", Gflops(2.0 * 512 * 512 * 512, each, () => Gemm.Multiply(false, false, 512, 512, 512, 1, a, 512, b, 512, 0, d, 512)));

        var network = new Network(784, new LayerSpec(256, Activation.ReLU), new LayerSpec(128, Activation.ReLU), new LayerSpec(10, Activation.Identity));
        network.Initialize(WeightInit.HeNormal, 1);
        var trainer = new Trainer(network, new SgdOptimizer(new SgdSettings(0.01f)), LossKind.MeanSquaredError, 64);
        float[] input = Fill(64 * 784), target = Fill(64 * 10);
        yield return ("step", Gflops(BenchFigures.TrainingStepFlops(64, [784, 256, 128, 10]), each, () => trainer.Step(input, target, 64)));

        float[] u = Fill(65536), o = new float[65536];
        yield return ("sigmoid", BenchFigures.GigaElementsPerSecond(u.Length, BestSeconds(each, () => Activations.Forward(Activation.Sigmoid, u, o))));
    }

    /// <summary>Best rate over repeated runs within the budget, GFLOP/s.</summary>
    private static double Gflops(double work, TimeSpan budget, Action run) => work / BestSeconds(budget, run) / 1e9;

    /// <summary>The best time of repeated runs within the budget (the first run warms up and is discarded).</summary>
    private static double BestSeconds(TimeSpan budget, Action run)
    {
        run();
        double best = double.MaxValue;
        var clock = Stopwatch.StartNew();
        do
        {
            long start = Stopwatch.GetTimestamp();
            run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        while (clock.Elapsed < budget);
        return best;
    }
}
