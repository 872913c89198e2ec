namespace SimdBackprop.Kernels;

/// <summary>Placeholder (scalar, double accumulation); replaced by the vectorized loss kernels.</summary>
internal static class LossKernels
{
    public static float Evaluate(LossKind loss, int batch, int features, ReadOnlySpan<float> y, ReadOnlySpan<float> t, Span<float> dOutput)
    {
        float e = Value(loss, batch, features, y, t);
        if (loss == LossKind.SoftmaxCrossEntropy)
        {
            Softmax(batch, features, y, dOutput);
            for (int m = 0; m < batch; m++)
            {
                float sumT = 0;
                for (int j = 0; j < features; j++)
                {
                    sumT += t[(m * features) + j];
                }

                for (int j = 0; j < features; j++)
                {
                    int i = (m * features) + j;
                    dOutput[i] = ((dOutput[i] * sumT) - t[i]) / batch;
                }
            }

            return e;
        }

        float scale = loss switch { LossKind.HalfSumOfSquares => 1, LossKind.SumOfSquares => 2, _ => 2f / y.Length };
        for (int i = 0; i < y.Length; i++)
        {
            dOutput[i] = scale * (y[i] - t[i]);
        }

        return e;
    }

    public static float Value(LossKind loss, int batch, int features, ReadOnlySpan<float> y, ReadOnlySpan<float> t)
    {
        double sum = 0;
        if (loss == LossKind.SoftmaxCrossEntropy)
        {
            for (int m = 0; m < batch; m++)
            {
                ReadOnlySpan<float> z = y.Slice(m * features, features);
                float max = float.NegativeInfinity;
                foreach (float v in z)
                {
                    max = MathF.Max(max, v);
                }

                double s = 0;
                foreach (float v in z)
                {
                    s += Math.Exp(v - max);
                }

                double logZ = max + Math.Log(s);
                for (int j = 0; j < features; j++)
                {
                    sum -= t[(m * features) + j] * (z[j] - logZ);
                }
            }

            return batch == 0 ? 0 : (float)(sum / batch);
        }

        for (int i = 0; i < y.Length; i++)
        {
            double d = y[i] - t[i];
            sum += d * d;
        }

        return loss switch
        {
            LossKind.HalfSumOfSquares => (float)(0.5 * sum),
            LossKind.SumOfSquares => (float)sum,
            _ => y.Length == 0 ? 0 : (float)(sum / y.Length),
        };
    }

    public static void Softmax(int batch, int features, ReadOnlySpan<float> z, Span<float> p)
    {
        for (int m = 0; m < batch; m++)
        {
            ReadOnlySpan<float> row = z.Slice(m * features, features);
            Span<float> dst = p.Slice(m * features, features);
            float max = float.NegativeInfinity;
            foreach (float v in row)
            {
                max = MathF.Max(max, v);
            }

            float s = 0;
            for (int j = 0; j < features; j++)
            {
                dst[j] = MathF.Exp(row[j] - max);
                s += dst[j];
            }

            for (int j = 0; j < features; j++)
            {
                dst[j] /= s;
            }
        }
    }
}
