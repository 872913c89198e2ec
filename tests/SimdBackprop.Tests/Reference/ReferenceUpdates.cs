namespace SimdBackprop.Tests.Reference;

/// <summary>torch.optim's update rules in double, element by element, written from PyTorch's documented algorithms.</summary>
internal static class ReferenceUpdates
{
    public static void Sgd(double lr, double weightDecay, double[] g, double[] theta)
    {
        for (int i = 0; i < theta.Length; i++)
        {
            theta[i] -= lr * (g[i] + (weightDecay * theta[i]));
        }
    }

    public static void Momentum(double lr, double mu, double weightDecay, double[] g, double[] v, double[] theta)
    {
        for (int i = 0; i < theta.Length; i++)
        {
            double gi = g[i] + (weightDecay * theta[i]);
            v[i] = (mu * v[i]) + gi;
            theta[i] -= lr * v[i];
        }
    }

    public static void Adam(double lr, double b1, double b2, double eps, double weightDecay, bool decoupled, int t, double[] g, double[] m, double[] v, double[] theta)
    {
        for (int i = 0; i < theta.Length; i++)
        {
            double gi = g[i];
            if (decoupled)
            {
                theta[i] *= 1 - (lr * weightDecay);
            }
            else
            {
                gi += weightDecay * theta[i];
            }

            m[i] = (b1 * m[i]) + ((1 - b1) * gi);
            v[i] = (b2 * v[i]) + ((1 - b2) * gi * gi);
            double mHat = m[i] / (1 - Math.Pow(b1, t));
            double vHat = v[i] / (1 - Math.Pow(b2, t));
            theta[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
        }
    }
}
