namespace SimdBackprop.Uses.Files.Onnx;

/// <summary>
/// The error function in double precision (to about 1e−13), for evaluating the exporter's spelling of GELU;
/// .NET has no Math.Erf. The Maclaurin series below |x| = 2.5, the continued fraction of erfc above.
/// </summary>
internal static class Erf
{
    public static double Of(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        double a = Math.Abs(x);
        if (a < 2.5)
        {
            // erf(x) = 2/√π · Σ (−1)ⁿ x^(2n+1) / (n!·(2n+1))
            double term = x, sum = x, x2 = x * x;
            for (int n = 1; n < 100 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
            {
                term *= -x2 / n;
                sum += term / ((2 * n) + 1);
            }

            return 2 / Math.Sqrt(Math.PI) * sum;
        }

        if (a > 6)
        {
            return Math.Sign(x); // erfc(6) < 3e−17
        }

        // erfc(a) = e^(−a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + …))))), evaluated from the tail.
        double fraction = a;
        for (int k = 80; k >= 1; k--)
        {
            fraction = a + (k / 2.0 / fraction);
        }

        double erfc = Math.Exp(-a * a) / Math.Sqrt(Math.PI) / fraction;
        return Math.Sign(x) * (1 - erfc);
    }
}
