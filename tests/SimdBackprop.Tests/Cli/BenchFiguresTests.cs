using SimdBackprop.Cli.Commands;

namespace SimdBackprop.Tests.Cli;

/// <summary>The arithmetic of the figures <c>simdbp bench</c> prints (not their speed).</summary>
public class BenchFiguresTests
{
    [Fact]
    public void TrainingStepFlops_CountsNoInputGradientForTheFirstLayer()
    {
        // 784-256-128-10 at batch 64, by hand: Σ in·out = 200704 + 32768 + 1280 = 234752; forward 2·Σ and weight
        // gradients 2·Σ per sample, input gradients 2·(32768 + 1280) for the two upper layers only:
        // (469504 + 469504 + 68096)·64 = 64454656.
        Assert.Equal(64454656, BenchFigures.TrainingStepFlops(64, [784, 256, 128, 10]));

        // One layer: forward and weight gradient only.
        Assert.Equal(24, BenchFigures.TrainingStepFlops(1, [3, 2]));
    }

    [Fact]
    public void GigaElementsPerSecond_IsElementsOverTime()
    {
        Assert.Equal(1.0, BenchFigures.GigaElementsPerSecond(65536, 65536e-9), 12);
        Assert.Equal(0.5, BenchFigures.GigaElementsPerSecond(1000, 2e-6), 12);
    }
}
