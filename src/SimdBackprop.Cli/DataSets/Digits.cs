using System.IO.Compression;
using System.Globalization;

namespace SimdBackprop.Cli.DataSets;

/// <summary>
/// The built-in 8×8 handwritten digits (UCI, CC BY 4.0; see Data/DIGITS-ATTRIBUTION.md): 1,797 images of 64
/// pixels in 0..16, scaled to [0, 1], with one-hot targets over 10 classes.
/// </summary>
internal static class Digits
{
    public const int Pixels = 64, Classes = 10;

    /// <summary>Fixed split: 20% test, chosen by a seeded shuffle that does not depend on the training seed.</summary>
    public const int SplitSeed = 20240601;

    public static DataSet Load()
    {
        using Stream resource = typeof(Digits).Assembly.GetManifestResourceStream("digits.csv.gz")
            ?? throw new CliException("the built-in digits data is missing from this build");
        using var reader = new StreamReader(new GZipStream(resource, CompressionMode.Decompress));
        var x = new List<float>(1797 * Pixels);
        var t = new List<float>(1797 * Classes);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            string[] fields = line.Split(',');
            for (int i = 0; i < Pixels; i++)
            {
                x.Add(float.Parse(fields[i], CultureInfo.InvariantCulture) / 16f);
            }

            int label = int.Parse(fields[Pixels], CultureInfo.InvariantCulture);
            for (int c = 0; c < Classes; c++)
            {
                t.Add(c == label ? 1 : 0);
            }
        }

        return new DataSet(x.ToArray(), t.ToArray(), x.Count / Pixels, Pixels, Classes);
    }

    /// <summary>(train, test) with 20% of the samples held out.</summary>
    public static (DataSet Train, DataSet Test) LoadSplit()
    {
        DataSet all = Load();
        int[] order = Enumerable.Range(0, all.Samples).ToArray();
        new Random(SplitSeed).Shuffle(order);
        int test = all.Samples / 5;
        return (all.Select(order[test..]), all.Select(order[..test]));
    }
}
