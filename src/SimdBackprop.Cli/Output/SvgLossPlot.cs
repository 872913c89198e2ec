using System.Globalization;
using System.Text;

namespace SimdBackprop.Cli.Output;

/// <summary>The loss curve as a small self-contained SVG (no plotting library needed).</summary>
internal static class SvgLossPlot
{
    public static string Render(IReadOnlyList<double> losses, string title)
    {
        const double width = 640, height = 400, left = 70, right = 20, top = 40, bottom = 50;
        double plotW = width - left - right, plotH = height - top - bottom;
        double max = losses.Count == 0 ? 1 : losses.Max(), min = losses.Count == 0 ? 0 : Math.Min(0, losses.Min());
        if (max <= min)
        {
            max = min + 1;
        }

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"24\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"16\">{Escape(title)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top + plotH}\" x2=\"{left + plotW}\" y2=\"{top + plotH}\" stroke=\"black\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + plotH}\" stroke=\"black\"/>\n");
        for (int i = 0; i <= 4; i++)
        {
            double v = min + ((max - min) * i / 4), y = top + plotH - (plotH * i / 4);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{y + 4:F1}\" text-anchor=\"end\" font-family=\"sans-serif\" font-size=\"11\">{v:G4}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{y:F1}\" x2=\"{left + plotW}\" y2=\"{y:F1}\" stroke=\"#ddd\"/>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + (plotW / 2)}\" y=\"{height - 12}\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"12\">epoch (1 … {losses.Count})</text>\n");
        svg.Append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"");
        for (int i = 0; i < losses.Count; i++)
        {
            double x = left + (losses.Count == 1 ? plotW / 2 : plotW * i / (losses.Count - 1));
            double y = top + plotH - (plotH * (losses[i] - min) / (max - min));
            svg.Append(CultureInfo.InvariantCulture, $"{x:F1},{y:F1} ");
        }

        svg.Append("\"/>\n</svg>\n");
        return svg.ToString();
    }

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
