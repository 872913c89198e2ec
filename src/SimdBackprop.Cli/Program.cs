namespace SimdBackprop.Cli;

/// <summary>Entry point of <c>simdbp</c>.</summary>
internal static class Program
{
    private static int Main(string[] args) =>
        CliApp.Run(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);
}
