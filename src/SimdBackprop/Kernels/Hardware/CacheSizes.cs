using System.Globalization;

namespace SimdBackprop;

/// <summary>
/// The data caches one core sees, in bytes: what the GEMM's block sizes and path thresholds are derived
/// from (<c>GemmBlocking</c>). Read once per process from Linux's
/// <c>/sys/devices/system/cpu/cpu0/cache/index*/</c>; elsewhere, or when that cannot be read, the
/// <see cref="Fallback"/>. The environment variable <see cref="OverrideVariable"/> replaces the detected
/// sizes, by profile name (<c>zen3</c>, <c>zen5</c>) or as <c>l1d=32K,l2=512K,l3=32M</c>, so tests and
/// benchmarks can run another processor's blocking on this one.
/// </summary>
/// <param name="L1Data">Level-1 data cache per core.</param>
/// <param name="L2">Level-2 cache per core.</param>
/// <param name="L3">Level-3 cache as this core sees it (shared with other cores), 0 when there is none.</param>
/// <param name="Source">Where the sizes came from: <c>sysfs</c>, <c>SIMDBACKPROP_CACHES=…</c> or <c>fallback</c>.</param>
public sealed record CacheSizes(long L1Data, long L2, long L3, string Source)
{
    /// <summary>The environment variable that overrides the detected sizes.</summary>
    public const string OverrideVariable = "SIMDBACKPROP_CACHES";

    private static readonly Lazy<CacheSizes> Detected = new(Detect);

    /// <summary>AMD Zen 3 (EPYC 7xx3): 32 KiB L1d, 512 KiB L2 per core, 32 MiB L3 per CCD.</summary>
    public static CacheSizes Zen3 { get; } = new(32 << 10, 512 << 10, 32 << 20, "zen3");

    /// <summary>AMD Zen 5 (EPYC 9xx5): 48 KiB L1d, 1 MiB L2 per core, 32 MiB L3 per CCD.</summary>
    public static CacheSizes Zen5 { get; } = new(48 << 10, 1 << 20, 32 << 20, "zen5");

    /// <summary>When nothing can be read: the smallest caches of current x64 server cores (the Zen 3 sizes).</summary>
    public static CacheSizes Fallback { get; } = Zen3 with { Source = "fallback" };

    /// <summary>The sizes this process uses: the override if set, else what the operating system reports, else <see cref="Fallback"/>.</summary>
    public static CacheSizes Current => Detected.Value;

    /// <summary>Parses a profile name (<c>zen3</c>, <c>zen5</c>) or <c>l1d=…,l2=…,l3=…</c> with K/M/G suffixes (all three keys required).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The sizes.</returns>
    /// <exception cref="FormatException">Not a profile or a complete, positive list of sizes.</exception>
    public static CacheSizes Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string source = $"{OverrideVariable}={text}";
        switch (text.Trim().ToLowerInvariant())
        {
            case "zen3": return Zen3 with { Source = source };
            case "zen5": return Zen5 with { Source = source };
        }

        long l1 = 0, l2 = 0, l3 = -1;
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string[] pair = part.Split('=', StringSplitOptions.TrimEntries);
            long bytes = pair.Length == 2 ? ParseBytes(pair[1]) : -1;
            switch (pair[0].ToLowerInvariant())
            {
                case "l1d" when bytes > 0: l1 = bytes; break;
                case "l2" when bytes > 0: l2 = bytes; break;
                case "l3" when bytes >= 0: l3 = bytes; break;
                default: throw new FormatException($"'{text}': expected zen3, zen5 or l1d=<size>,l2=<size>,l3=<size> (e.g. l1d=32K,l2=512K,l3=32M); '{part}' is not one of those.");
            }
        }

        return l1 > 0 && l2 > 0 && l3 >= 0
            ? new CacheSizes(l1, l2, l3, source)
            : throw new FormatException($"'{text}': l1d, l2 and l3 are all required (e.g. l1d=32K,l2=512K,l3=32M).");
    }

    private static CacheSizes Detect()
    {
        string? overridden = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            try
            {
                return Parse(overridden);
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException($"The environment variable {OverrideVariable} is not valid: {e.Message}", e);
            }
        }

        return ReadSysfs("/sys/devices/system/cpu/cpu0/cache") ?? Fallback;
    }

    /// <summary>The sizes in a Linux cache directory (index*/level, type, size), or null when L1d or L2 is missing.</summary>
    internal static CacheSizes? ReadSysfs(string directory)
    {
        long l1 = 0, l2 = 0, l3 = 0;
        try
        {
            if (!Directory.Exists(directory))
            {
                return null;
            }

            foreach (string index in Directory.EnumerateDirectories(directory, "index*"))
            {
                string level = File.ReadAllText(Path.Combine(index, "level")).Trim();
                string type = File.ReadAllText(Path.Combine(index, "type")).Trim();
                long size = ParseBytes(File.ReadAllText(Path.Combine(index, "size")));
                if (type == "Instruction" || size <= 0)
                {
                    continue;
                }

                switch (level)
                {
                    case "1": l1 = size; break;
                    case "2": l2 = size; break;
                    case "3": l3 = size; break;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return l1 > 0 && l2 > 0 ? new CacheSizes(l1, l2, l3, "sysfs") : null;
    }

    /// <summary>"48K", "1024K", "32M", "65536" → bytes; −1 when it is not a size.</summary>
    private static long ParseBytes(string text)
    {
        text = text.Trim();
        long unit = text.EndsWith('K') || text.EndsWith('k') ? 1L << 10
            : text.EndsWith('M') || text.EndsWith('m') ? 1L << 20
            : text.EndsWith('G') || text.EndsWith('g') ? 1L << 30
            : 1;
        string digits = unit == 1 ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value <= (1L << 40) / unit ? value * unit : -1;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"L1d {L1Data >> 10} KiB, L2 {L2 >> 10} KiB, L3 {L3 >> 10} KiB ({Source})");
}
