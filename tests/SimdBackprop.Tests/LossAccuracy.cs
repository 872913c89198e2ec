using SimdBackprop.Tests.Reference;

namespace SimdBackprop.Tests;

/// <summary>
/// The accuracy contract of the losses against <see cref="ReferenceLosses"/> (double, same float inputs).
/// <list type="bullet">
/// <item>Squared errors, E: relative <see cref="SquaredValueRelative"/> (all terms are ≥ 0; float sums run over
/// chunks of 1024, so ≤ ~70 roundings per lane whatever N is).</item>
/// <item>Squared errors, ∂E/∂y: 4ε relative per element (one subtraction, one scaling).</item>
/// <item>Cross-entropy, E: <see cref="CrossEntropyValueRelative"/>·(|E| + mean row Σt): the second term admits the
/// rounding of log Σe^(z−max), which is absolute and multiplied by Σt.</item>
/// <item>Softmax p: ε·(16 + |z − max|)·p + 1e−38. The |z − max| term is the conditioning of e^(z−max): the float
/// subtraction z − max is rounded to ε/2 of its size, which e^x turns into that much relative error (p = e^−50
/// is only good to ~25ε from float logits); the 1e−38 admits subnormal results.</item>
/// <item>Cross-entropy, ∂E/∂z = (p·Σt − t)/M: the softmax bound on p·|Σt| plus 4ε·|t|, over M (the two terms may
/// cancel, so the bound scales with their magnitudes).</item>
/// </list>
/// </summary>
internal static class LossAccuracy
{
    public const double Epsilon = 5.9604644775390625e-8;
    public const double SquaredValueRelative = 4e-6;
    public const double SquaredGradientRelative = 4 * Epsilon;
    public const double CrossEntropyValueRelative = 4e-6;
    public const double Tiny = 1e-30;

    public static double[] ToDouble(float[] x) => x.Select(v => (double)v).ToArray();

    public static double ValueTolerance(LossKind loss, int batch, int features, float[] t, double expected)
    {
        if (loss != LossKind.SoftmaxCrossEntropy)
        {
            return (SquaredValueRelative * Math.Abs(expected)) + Tiny;
        }

        double meanTargetSum = batch == 0 ? 0 : t.Take(batch * features).Sum(v => (double)Math.Abs(v)) / batch;
        return (CrossEntropyValueRelative * (Math.Abs(expected) + meanTargetSum)) + Tiny;
    }

    /// <summary>Per-element gradient tolerances.</summary>
    public static double[] GradientTolerances(LossKind loss, int batch, int features, float[] y, float[] t, double[] expected)
    {
        int n = batch * features;
        var tolerance = new double[n];
        if (loss != LossKind.SoftmaxCrossEntropy)
        {
            for (int i = 0; i < n; i++)
            {
                tolerance[i] = (SquaredGradientRelative * Math.Abs(expected[i])) + Tiny;
            }

            return tolerance;
        }

        double[] p = SoftmaxRows(batch, features, ToDouble(y));
        double[] shifted = ShiftedLogits(batch, features, y);
        for (int m = 0; m < batch; m++)
        {
            double sumT = 0;
            for (int j = 0; j < features; j++)
            {
                sumT += t[(m * features) + j];
            }

            for (int j = 0; j < features; j++)
            {
                int i = (m * features) + j;
                tolerance[i] = ((SoftmaxTolerance(p[i], shifted[i]) * Math.Abs(sumT)) + (4 * Epsilon * Math.Abs(t[i]))) / batch;
            }
        }

        return tolerance;
    }

    /// <summary>The bound on a float softmax value p whose logit is <paramref name="shiftedLogit"/> = z − max.</summary>
    public static double SoftmaxTolerance(double p, double shiftedLogit) => (Epsilon * (16 + Math.Abs(shiftedLogit)) * p) + 1e-38;

    /// <summary>z − (row max of z), per element.</summary>
    public static double[] ShiftedLogits(int batch, int features, float[] z)
    {
        var shifted = new double[batch * features];
        for (int m = 0; m < batch; m++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < features; j++)
            {
                max = Math.Max(max, z[(m * features) + j]);
            }

            for (int j = 0; j < features; j++)
            {
                shifted[(m * features) + j] = z[(m * features) + j] - max;
            }
        }

        return shifted;
    }

    /// <summary>Softmax rows in double (the gradient of cross-entropy at Σt = 1, M = 1, t = 0 — i.e. straight from the reference).</summary>
    public static double[] SoftmaxRows(int batch, int features, double[] z)
    {
        var p = new double[batch * features];
        for (int m = 0; m < batch; m++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < features; j++)
            {
                max = Math.Max(max, z[(m * features) + j]);
            }

            double s = 0;
            for (int j = 0; j < features; j++)
            {
                s += Math.Exp(z[(m * features) + j] - max);
            }

            for (int j = 0; j < features; j++)
            {
                p[(m * features) + j] = Math.Exp(z[(m * features) + j] - max) / s;
            }
        }

        return p;
    }

    public static float[] Uniform(Random random, int n, double low, double high) =>
        Enumerable.Range(0, n).Select(_ => (float)(low + (random.NextDouble() * (high - low)))).ToArray();

    /// <summary>Random probability rows (each sums to 1), or one-hot rows.</summary>
    public static float[] ProbabilityRows(Random random, int batch, int features, bool oneHot)
    {
        var t = new float[batch * features];
        for (int m = 0; m < batch && features > 0; m++)
        {
            if (oneHot)
            {
                t[(m * features) + random.Next(features)] = 1;
                continue;
            }

            double s = 0;
            for (int j = 0; j < features; j++)
            {
                s += t[(m * features) + j] = (float)random.NextDouble();
            }

            for (int j = 0; j < features; j++)
            {
                t[(m * features) + j] = (float)(t[(m * features) + j] / s);
            }
        }

        return t;
    }
}
