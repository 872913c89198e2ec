using System.Diagnostics;

namespace SimdBackprop.Cli;

/// <summary>Runs this tool again as a child process under another environment (the SIMD tier legs).</summary>
internal static class SelfLauncher
{
    /// <summary>Runs <c>simdbp args…</c> with one extra environment variable; returns its exit code and stdout.</summary>
    public static (int ExitCode, string Output) Run(string? variable, string? value, TimeSpan timeout, params string[] args)
    {
        // Our own executable (the apphost or the NativeAOT binary) runs directly; otherwise (under dotnet or a
        // test host) the dotnet host runs simdbp.dll from this app's folder.
        string? processPath = Environment.ProcessPath;
        bool ownExecutable = processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "simdbp";
        bool underDotnet = processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "dotnet";
        string host = ownExecutable || underDotnet ? processPath! : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (!ownExecutable)
        {
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "simdbp.dll"));
        }

        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        // The child must see only its own leg's switch, not one inherited from this process.
        foreach (SimdLeg leg in SimdLeg.All)
        {
            if (leg.Variable is not null)
            {
                start.Environment.Remove(leg.Variable);
            }
        }

        if (variable is not null)
        {
            start.Environment[variable] = value;
        }

        using Process process = Process.Start(start) ?? throw new CliException($"could not start {host}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new CliException($"child process for leg {variable ?? "default"} timed out after {timeout.TotalSeconds:F0} s");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result + (process.ExitCode != 0 ? stderr.Result : ""));
    }
}
