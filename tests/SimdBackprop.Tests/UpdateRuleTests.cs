using FsCheck.Fluent;
using SimdBackprop.Tests.Reference;
using SimdBackprop.Validation;

namespace SimdBackprop.Tests;

public class UpdateRuleTests
{
    // Bound: each rule is a handful of float operations per element on O(1) values; after k steps the float
    // and double trajectories differ by at most about k·10·2⁻²⁴ relative to the parameter scale. We allow
    // 2e-6·k relative to max(|θ|, 1) — except Adam's √v ratio, which amplifies rounding when v is tiny, so
    // gradients are drawn away from 0 in magnitude for Adam (as real gradients of a non-converged net are).
    private enum Rule { Sgd, Momentum, Adam, AdamW }

    [Fact]
    public void EveryRule_MatchesReference_ForEveryEdgeLength_AtEveryTier()
    {
        var random = new Random(11);
        Tiers.ForEach(tier =>
        {
            foreach (int n in Tiers.EdgeLengths().Where(n => n <= 70))
            {
                foreach (Rule rule in Enum.GetValues<Rule>())
                {
                    CheckRule(rule, n, steps: 3, random.Next());
                }
            }
        });
    }

    [Fact]
    public void EveryRule_Property_RandomLengthsStepsAndHyperParameters()
    {
        var gen =
            from n in Properties.EdgeSize(70)
            from rule in Gen.Elements(Enum.GetValues<Rule>())
            from steps in Gen.Choose(1, 6)
            from tier in Gen.Elements(Simd.AvailableTiers.ToArray())
            from seed in Properties.Seed
            select (n, rule, steps, tier, seed);
        Properties.Check(gen, p =>
        {
            using (Simd.LimitCurrentThread(p.tier))
            {
                CheckRule(p.rule, p.n, p.steps, p.seed);
            }
        }, maxTest: 200);
    }

    [Fact]
    public void Sgd_IsTheDerivationsRule()
    {
        float[] theta = [1, -2, 3], g = [0.5f, 0.25f, -1];
        UpdateRules.Sgd(new SgdSettings(0.1f), g, theta);
        Assert.Equal([0.95f, -2.025f, 3.1f], theta);
    }

    [Fact]
    public void Optimizers_MatchTheirKernels_OverSeveralSteps()
    {
        var random = new Random(12);
        foreach ((Optimizer opt, Rule rule, double lr, double mu, double wd, double b1, double b2, double eps) in new (Optimizer, Rule, double, double, double, double, double, double)[]
        {
            (new SgdOptimizer(new SgdSettings(0.1f, 0.01f)), Rule.Sgd, 0.1, 0, 0.01, 0, 0, 0),
            (new MomentumOptimizer(new MomentumSettings(0.05f, 0.9f)), Rule.Momentum, 0.05, 0.9, 0, 0, 0, 0),
            (new AdamOptimizer(AdamSettings.Adam with { LearningRate = 0.01f }), Rule.Adam, 0.01, 0, 0, 0.9, 0.999, 1e-8),
            (new AdamOptimizer(AdamSettings.AdamW with { LearningRate = 0.01f, WeightDecay = 0.1f }), Rule.AdamW, 0.01, 0, 0.1, 0.9, 0.999, 1e-8),
        })
        {
            float[] theta = Data.Uniform(random, 37);
            double[] t = theta.ToDouble(), m = new double[37], v = new double[37];
            for (int step = 1; step <= 4; step++)
            {
                // A fresh gradient each step: with a constant one Adam's bias-corrected ratio hides β₁ and β₂.
                float[] g = Data.Uniform(random, 37);
                opt.Step(g, theta);
                switch (rule)
                {
                    case Rule.Sgd: ReferenceUpdates.Sgd(lr, wd, g.ToDouble(), t); break;
                    case Rule.Momentum: ReferenceUpdates.Momentum(lr, mu, wd, g.ToDouble(), m, t); break;
                    default: ReferenceUpdates.Adam(lr, b1, b2, eps, wd, rule == Rule.AdamW, step, g.ToDouble(), m, v, t); break;
                }
            }

            Assert.Equal(4, opt.StepCount);
            Tolerance.Within(theta, t, t.Select(x => Math.Max(1, Math.Abs(x))).ToArray(), 1e-5, 0, rule.ToString());
            if (rule != Rule.Sgd)
            {
                // A stateful optimizer is bound to its parameter count until reset.
                Assert.Throws<ArgumentException>("parameters", () => opt.Step(new float[5], new float[5]));
            }

            opt.Reset();
            Assert.Equal(0, opt.StepCount);
            opt.Step(new float[5], new float[5]);
        }
    }

    [Fact]
    public void BadInput_ThrowsNamingTheParameter()
    {
        float[] p = new float[4], g = new float[4], m = new float[4], v = new float[4];
        var sgd = new SgdSettings(0.1f);
        var momentum = new MomentumSettings(0.1f, 0.9f);
        Assert.Throws<ArgumentException>("parameters", () => UpdateRules.Sgd(sgd, g, new float[3]));
        Assert.Throws<ArgumentOutOfRangeException>("settings", () => UpdateRules.Sgd(new SgdSettings(float.NaN), g, p));
        Assert.Throws<ArgumentOutOfRangeException>("settings", () => UpdateRules.Sgd(sgd with { WeightDecay = float.PositiveInfinity }, g, p));
        Assert.Throws<ArgumentNullException>("settings", () => UpdateRules.Sgd(null!, g, p));
        Assert.Throws<ArgumentException>("parameters", () => UpdateRules.Sgd(sgd, g, g));
        Assert.Throws<ArgumentException>("velocity", () => UpdateRules.Momentum(momentum, g, new float[3], p));
        Assert.Throws<ArgumentOutOfRangeException>("settings", () => UpdateRules.Momentum(momentum with { Momentum = float.NaN }, g, v, p));
        Assert.Throws<ArgumentException>("parameters", () => UpdateRules.Momentum(momentum, g, p, p));
        Assert.Throws<ArgumentException>("firstMoment", () => UpdateRules.Adam(AdamSettings.Adam, 1, g, new float[5], v, p));
        Assert.Throws<ArgumentException>("secondMoment", () => UpdateRules.Adam(AdamSettings.AdamW, 1, g, m, new float[3], p));
        Assert.Throws<ArgumentOutOfRangeException>("step", () => UpdateRules.Adam(AdamSettings.Adam, 0, g, m, v, p));
        Assert.Throws<ArgumentException>("secondMoment", () => UpdateRules.Adam(AdamSettings.Adam, 1, g, m, m, p));
        Assert.Throws<ArgumentException>("parameters", () => UpdateRules.Adam(AdamSettings.Adam, 1, g, m, v, v));
        Assert.Throws<ArgumentOutOfRangeException>("settings", () => UpdateRules.Adam(AdamSettings.Adam with { Beta1 = 1 }, 1, g, m, v, p));
        Assert.Throws<ArgumentOutOfRangeException>("settings", () => UpdateRules.Adam(AdamSettings.Adam with { LearningRate = -1 }, 1, g, m, v, p));
        Assert.Throws<ArgumentOutOfRangeException>("settings", () => new AdamOptimizer(AdamSettings.Adam with { Epsilon = float.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>("settings", () => new SgdOptimizer(new SgdSettings(float.NaN)));
    }

    private static void CheckRule(Rule rule, int n, int steps, int seed)
    {
        var random = new Random(seed);
        float lr = (float)(0.001 + (0.2 * random.NextDouble()));
        float mu = (float)random.NextDouble();
        float wd = random.Next(2) == 0 ? 0 : (float)(0.1 * random.NextDouble());
        var settings = new AdamSettings(lr, 0.8f + (0.19f * (float)random.NextDouble()), 0.99f + (0.009f * (float)random.NextDouble()), 1e-8f, wd);
        float[] theta = Data.Uniform(random, n, 2);
        float[] m = new float[n], v = new float[n];
        double[] t = theta.ToDouble(), mr = new double[n], vr = new double[n];
        for (int step = 1; step <= steps; step++)
        {
            float[] g = Data.Uniform(random, n);
            if (rule is Rule.Adam or Rule.AdamW)
            {
                for (int i = 0; i < n; i++)
                {
                    g[i] = MathF.CopySign(0.1f + MathF.Abs(g[i]), g[i]);
                }
            }

            double[] gd = g.ToDouble();
            switch (rule)
            {
                case Rule.Sgd:
                    UpdateRules.Sgd(new SgdSettings(lr, wd), g, theta);
                    ReferenceUpdates.Sgd(lr, wd, gd, t);
                    break;
                case Rule.Momentum:
                    UpdateRules.Momentum(new MomentumSettings(lr, mu, wd), g, m, theta);
                    ReferenceUpdates.Momentum(lr, mu, wd, gd, mr, t);
                    break;
                case Rule.Adam:
                    UpdateRules.Adam(settings, step, g, m, v, theta);
                    ReferenceUpdates.Adam(lr, settings.Beta1, settings.Beta2, settings.Epsilon, wd, false, step, gd, mr, vr, t);
                    break;
                default:
                    UpdateRules.Adam(settings with { DecoupledWeightDecay = true }, step, g, m, v, theta);
                    ReferenceUpdates.Adam(lr, settings.Beta1, settings.Beta2, settings.Epsilon, wd, true, step, gd, mr, vr, t);
                    break;
            }
        }

        double[] scale = t.Select(x => Math.Max(1, Math.Abs(x))).ToArray();
        Tolerance.Within(theta, t, scale, 2e-6 * steps, 0, $"{rule} θ after {steps} steps, n={n}");
        if (rule != Rule.Sgd)
        {
            Tolerance.Within(m, mr, mr.Select(x => Math.Max(1, Math.Abs(x))).ToArray(), 2e-6 * steps, 0, $"{rule} first state");
        }
    }
}
