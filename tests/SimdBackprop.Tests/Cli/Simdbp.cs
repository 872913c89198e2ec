using SimdBackprop.Cli;

namespace SimdBackprop.Tests.Cli;

/// <summary>Runs the command line in-process in a fresh temporary folder.</summary>
internal sealed class Simdbp : IDisposable
{
    public Simdbp() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "simdbp-tests-" + Guid.NewGuid().ToString("N"));

    public string PathOf(string name) => Path.Combine(Folder, name);

    public string Write(string name, string content)
    {
        File.WriteAllText(PathOf(name), content);
        return PathOf(name);
    }

    public (int Code, string Out, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Asserts a clean failure: non-zero exit, exactly one line on stderr containing <paramref name="expected"/>, no stack trace.</summary>
    public void AssertFails(string expected, params string[] args)
    {
        (int code, _, string error) = Run(args);
        Assert.NotEqual(0, code);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got: {error}");
        Assert.Contains(expected, lines[0], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", error);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
