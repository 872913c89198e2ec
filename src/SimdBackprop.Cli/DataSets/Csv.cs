using System.Globalization;

namespace SimdBackprop.Cli.DataSets;

/// <summary>Headerless numeric CSV: one sample per line, comma-separated finite numbers, every line as wide as the first.</summary>
internal static class Csv
{
    /// <summary>Reads a matrix; any problem is a <see cref="CliException"/> naming the file, line and column.</summary>
    public static (float[] Values, int Rows, int Columns) Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{path}: file not found");
        }

        var values = new List<float>();
        int columns = -1, rows = 0, lineNumber = 0;
        using var reader = new StreamReader(path);
        string? line;
        bool blankSeen = false;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                blankSeen = true;
                continue;
            }

            if (blankSeen)
            {
                throw new CliException($"{path}: line {lineNumber - 1}: empty line inside the data");
            }

            string[] fields = line.Split(',');
            if (columns < 0)
            {
                columns = fields.Length;
            }
            else if (fields.Length != columns)
            {
                throw new CliException($"{path}: line {lineNumber}: {fields.Length} columns, but line 1 has {columns} (ragged rows)");
            }

            for (int c = 0; c < fields.Length; c++)
            {
                string field = fields[c].Trim();
                if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
                {
                    throw new CliException($"{path}: line {lineNumber}, column {c + 1}: '{Shorten(field)}' is not a number");
                }

                if (!float.IsFinite(v))
                {
                    throw new CliException($"{path}: line {lineNumber}, column {c + 1}: '{Shorten(field)}' is not a finite number");
                }

                values.Add(v);
            }

            rows++;
        }

        if (rows == 0)
        {
            throw new CliException($"{path}: the file is empty");
        }

        return (values.ToArray(), rows, columns);
    }

    /// <summary>Writes rows × columns values, round-trippable ("R" format).</summary>
    public static void Write(TextWriter writer, ReadOnlySpan<float> values, int rows, int columns)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                if (c > 0)
                {
                    writer.Write(',');
                }

                writer.Write(values[(r * columns) + c].ToString("R", CultureInfo.InvariantCulture));
            }

            writer.WriteLine();
        }
    }

    private static string Shorten(string s) => s.Length <= 32 ? s : s[..32] + "…";
}
