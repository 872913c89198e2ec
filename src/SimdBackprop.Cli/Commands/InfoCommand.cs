using System.CommandLine;
using System.Runtime.Intrinsics.X86;
using Spectre.Console;

namespace SimdBackprop.Cli.Commands;

/// <summary><c>simdbp info</c>: processor, instruction sets, the tier in use, and what each environment leg gives.</summary>
internal static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var tierOnly = new Option<bool>("--tier-only") { Description = "Print only the tier this process runs (used for the legs)", Hidden = true };
        var legs = new Option<bool>("--legs") { Description = "Print the SIMD tier legs as 'id|name|VARIABLE=value|expected tier' lines (the test command reads them)" };
        var command = new Command("info", "Processor, instruction sets, caches, the SIMD tier in use and what each environment leg would give") { tierOnly, legs };
        command.SetAction(parse =>
        {
            if (parse.GetValue(tierOnly))
            {
                context.Out.WriteLine(Simd.HardwareTier);
                return 0;
            }

            if (parse.GetValue(legs))
            {
                foreach (SimdLeg leg in SimdLeg.All)
                {
                    context.Out.WriteLine($"{leg.Id}|{leg.Name}|{leg.Environment}|{leg.ExpectedTier}");
                }

                return 0;
            }

            Run(context);
            return 0;
        });
        return command;
    }

    private static void Run(CliContext context)
    {
        context.Out.WriteLine($"processor: {ProcessorName()} ({Environment.ProcessorCount} logical cores)");
        context.Out.WriteLine($"runtime: .NET {Environment.Version}");
        (string Name, bool On)[] isas =
        [
            ("SSE4.2", Sse42.IsSupported), ("AVX", Avx.IsSupported), ("AVX2", Avx2.IsSupported), ("FMA", Fma.IsSupported),
            ("AVX-512F", Avx512F.IsSupported), ("AVX-512BW", Avx512BW.IsSupported), ("AVX-512CD", Avx512CD.IsSupported),
            ("AVX-512DQ", Avx512DQ.IsSupported), ("AVX-512VBMI", Avx512Vbmi.IsSupported), ("AVX-VNNI", AvxVnni.IsSupported),
        ];
        context.Out.WriteLine($"instruction sets: {string.Join(", ", isas.Where(i => i.On).Select(i => i.Name))}");
        context.Out.WriteLine($"caches: {CacheSizes.Current}");
        context.Out.WriteLine($"tier in use: {Simd.Tier} (hardware tier {Simd.HardwareTier})");
        var table = new Table().AddColumns("leg", "environment", "expected", "tier");
        foreach (SimdLeg leg in SimdLeg.All)
        {
            (int code, string output) = SelfLauncher.Run(leg.Variable, leg.Value, TimeSpan.FromSeconds(30), "info", "--tier-only");
            table.AddRow(Markup.Escape(leg.Name), leg.Variable is null ? "—" : leg.Environment, leg.ExpectedTier.ToString(), code == 0 ? output.Trim() : $"failed ({code})");
        }

        context.Console.Write(table);
    }

    private static string ProcessorName()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
