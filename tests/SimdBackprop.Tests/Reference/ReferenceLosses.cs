namespace SimdBackprop.Tests.Reference;

/// <summary>E(y, t) and ∂E/∂y in double precision, straight from the definitions; shares no code with the library.</summary>
internal static class ReferenceLosses
{
    public static double Error(LossKind loss, int batch, int features, double[] y, double[] t)
    {
        int n = batch * features;
        if (loss == LossKind.SoftmaxCrossEntropy)
        {
            double e = 0;
            for (int m = 0; m < batch; m++)
            {
                double[] logp = LogSoftmaxRow(y, m * features, features);
                for (int j = 0; j < features; j++)
                {
                    e -= t[(m * features) + j] * logp[j];
                }
            }

            return batch == 0 ? 0 : e / batch;
        }

        double sse = 0;
        for (int i = 0; i < n; i++)
        {
            sse += (y[i] - t[i]) * (y[i] - t[i]);
        }

        return loss switch
        {
            LossKind.HalfSumOfSquares => 0.5 * sse,
            LossKind.SumOfSquares => sse,
            LossKind.MeanSquaredError => n == 0 ? 0 : sse / n,
            _ => throw new ArgumentOutOfRangeException(nameof(loss)),
        };
    }

    public static double[] Gradient(LossKind loss, int batch, int features, double[] y, double[] t)
    {
        int n = batch * features;
        var g = new double[n];
        for (int m = 0; m < batch; m++)
        {
            double[] logp = loss == LossKind.SoftmaxCrossEntropy ? LogSoftmaxRow(y, m * features, features) : [];
            double sumT = 0;
            for (int j = 0; j < features; j++)
            {
                sumT += t[(m * features) + j];
            }

            for (int j = 0; j < features; j++)
            {
                int i = (m * features) + j;
                g[i] = loss switch
                {
                    LossKind.HalfSumOfSquares => y[i] - t[i],
                    LossKind.SumOfSquares => 2 * (y[i] - t[i]),
                    LossKind.MeanSquaredError => 2 * (y[i] - t[i]) / n,
                    _ => ((Math.Exp(logp[j]) * sumT) - t[i]) / batch,
                };
            }
        }

        return g;
    }

    private static double[] LogSoftmaxRow(double[] z, int offset, int features)
    {
        double max = double.NegativeInfinity;
        for (int j = 0; j < features; j++)
        {
            max = Math.Max(max, z[offset + j]);
        }

        double s = 0;
        for (int j = 0; j < features; j++)
        {
            s += Math.Exp(z[offset + j] - max);
        }

        double log = max + Math.Log(s);
        var r = new double[features];
        for (int j = 0; j < features; j++)
        {
            r[j] = z[offset + j] - log;
        }

        return r;
    }
}
