using System.CommandLine;
using SimdBackprop.Cli.Commands;

namespace SimdBackprop.Cli;

/// <summary>The <c>simdbp</c> command line, runnable in-process with any writers (the tests do).</summary>
internal static class CliApp
{
    /// <summary>Parses and runs; user errors become one line on stderr and a non-zero exit, never a stack trace.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool interactive = false)
    {
        var context = new CliContext(stdout, stderr, interactive);
        var root = new RootCommand("simdbp: dense neural networks trained by backpropagation on SIMD kernels")
        {
            InfoCommand.Create(context),
            TrainCommand.Create(context),
            PredictCommand.Create(context),
            GradCommand.Create(context),
            GradCheckCommand.Create(context),
            BenchCommand.Create(context),
            ServeCommand.Create(context),
        };

        try
        {
            _ = CacheSizes.Current; // a malformed SIMDBACKPROP_CACHES is a user error, reported before any kernel runs
        }
        catch (InvalidOperationException e)
        {
            stderr.WriteLine($"simdbp: {OneLine(e.Message)}");
            return 2;
        }

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            stderr.WriteLine($"simdbp: {parsed.Errors[0].Message}");
            return 2;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is CliException or InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"simdbp: {OneLine(e.Message)}");
            return 1;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
