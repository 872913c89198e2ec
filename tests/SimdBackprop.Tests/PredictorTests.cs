using SimdBackprop.Tests.Reference;

namespace SimdBackprop.Tests;

public class PredictorTests
{
    // Output shapes straddling the 16-row column and the 64-row block of the packed kernel.
    private static readonly int[] Widths = [1, 15, 16, 17, 63, 64, 65, 80, 130];

    [Fact]
    public void Predict_SingleSample_MatchesDoubleReferenceAndNetworkForward_EveryActivation_AtEveryTier()
    {
        var random = new Random(1);
        Tiers.ForEach(_ =>
        {
            foreach (ActivationKind kind in Enum.GetValues<ActivationKind>())
            {
                foreach (int width in Widths)
                {
                    var activation = Activation.FromKind(kind);
                    Network net = RandomNetwork(random, 1 + random.Next(70), [width, 1 + random.Next(20)], activation);
                    var predictor = new Predictor(net);
                    float[] x = Data.Uniform(random, net.InputSize);
                    var y = new float[net.OutputSize];
                    predictor.Predict(x, y);

                    double[] expected = ReferenceNetwork.From(net).Forward(x.ToDouble()).O[^1];
                    ReadOnlySpan<float> forward = net.Forward(x, 1, net.CreateWorkspace(1));
                    double[] scale = Enumerable.Repeat(1.0, expected.Length).ToArray();
                    string what = $"{kind} width {width}";
                    if (kind != ActivationKind.Threshold) // a step flips on rounding at 0; checked against Forward below
                    {
                        Tolerance.Within(y, expected, scale, 1e-4, 1e-5, what);
                    }

                    Tolerance.Within(y, forward.ToDouble(), scale, 1e-4, 1e-5, what + " vs Network.Forward");
                }
            }
        });
    }

    [Fact]
    public void Predict_Batch_EveryRowBitIdenticalToTheSingleSampleCall_AtEveryTier()
    {
        var random = new Random(2);
        Network net = RandomNetwork(random, 37, [70, 17, 9], Activation.Tanh);
        var predictor = new Predictor(net);
        Tiers.ForEach(_ =>
        {
            foreach (int batch in new[] { 0, 1, 2, 3, 4, 5, 8, 9, 64, 67, 130 })
            {
                float[] x = Data.Uniform(random, batch * net.InputSize);
                var y = new float[batch * net.OutputSize];
                predictor.Predict(x, batch, y);
                var single = new float[net.OutputSize];
                for (int s = 0; s < batch; s++)
                {
                    predictor.Predict(x.AsSpan(s * net.InputSize, net.InputSize), single);
                    AssertBitEqual(single, y.AsSpan(s * net.OutputSize, net.OutputSize), $"batch {batch} row {s}");
                }
            }
        });
    }

    [Fact]
    public void Predict_PiecewiseLinearNetwork_BitIdenticalAcrossTiers()
    {
        // Every output is bias + Σ fma in k order on every tier, and ReLU/leaky ReLU are exact: no tier differs.
        var random = new Random(3);
        Network net = RandomNetwork(random, 45, [66, 19, 7], Activation.ReLU);
        var predictor = new Predictor(net);
        float[] x = Data.Uniform(random, 5 * net.InputSize);
        float[]? first = null;
        Tiers.ForEach(tier =>
        {
            var y = new float[5 * net.OutputSize];
            predictor.Predict(x, 5, y);
            first ??= y;
            AssertBitEqual(first, y, $"tier {tier}");
        });
    }

    [Fact]
    public void Predict_SnapshotsTheNetwork_LaterTrainingDoesNotLeakIn()
    {
        var random = new Random(4);
        Network net = RandomNetwork(random, 10, [12, 3], Activation.Sigmoid);
        var predictor = new Predictor(net);
        float[] x = Data.Uniform(random, 10);
        float[] before = new float[3], after = new float[3];
        predictor.Predict(x, before);
        net.Parameters.Fill(0.5f);
        predictor.Predict(x, after);
        AssertBitEqual(before, after, "after the network changed");
        Assert.Equal(1, predictor.Version);
        Assert.Equal(2, predictor.Publish(net));
        Assert.Equal(2, predictor.Version);
    }

    [Fact]
    public void Predict_ManyThreads_EveryOutputBitIdenticalToTheSingleThreadedAnswer()
    {
        var random = new Random(5);
        Network net = RandomNetwork(random, 50, [40, 24, 6], Activation.ReLU);
        var predictor = new Predictor(net);
        const int Samples = 16, Threads = 4, Calls = 300;
        float[] x = Data.Uniform(random, Samples * net.InputSize);
        float[] expected = new float[Samples * net.OutputSize];
        for (int s = 0; s < Samples; s++)
        {
            predictor.Predict(x.AsSpan(s * net.InputSize, net.InputSize), expected.AsSpan(s * net.OutputSize, net.OutputSize));
        }

        int mismatches = RunThreads(Threads, t =>
        {
            int bad = 0;
            var y = new float[Samples * net.OutputSize];
            for (int c = 0; c < Calls; c++)
            {
                int s = (c + t) % Samples;
                if (c % 3 == 0)
                {
                    predictor.Predict(x, Samples, y); // batch calls interleaved with single ones
                    bad += y.AsSpan().SequenceEqual(expected) ? 0 : 1;
                }
                else
                {
                    Span<float> one = y.AsSpan(0, net.OutputSize);
                    predictor.Predict(x.AsSpan(s * net.InputSize, net.InputSize), one);
                    bad += one.SequenceEqual(expected.AsSpan(s * net.OutputSize, net.OutputSize)) ? 0 : 1;
                }
            }

            return bad;
        });
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Publish_WhileThreadsPredict_EveryOutputIsExactlyTheOldOrTheNewNetworksAnswer()
    {
        var random = new Random(6);
        Network a = RandomNetwork(random, 30, [48, 20, 5], Activation.ReLU);
        Network b = RandomNetwork(random, 30, [70, 5], Activation.Tanh); // hidden layers may change shape
        const int Samples = 8, MinPublishes = 10;
        float[] x = Data.Uniform(random, Samples * a.InputSize);
        float[] expectA = Answers(a, x, Samples), expectB = Answers(b, x, Samples);
        Assert.False(expectA.AsSpan().SequenceEqual(expectB));

        var predictor = new Predictor(a);
        using var stop = new CancellationTokenSource();
        long publishes = 0;
        var publisher = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                predictor.Publish((publishes++ & 1) == 0 ? b : a);
            }
        });
        publisher.Start();
        int seenA = 0, seenB = 0, bad = 0, calls = 0;
        try
        {
            RunThreads(2, t =>
            {
                // At least 400 calls each, and on until the publisher has swapped models a few times: on a loaded
                // machine it may not get a core while the first 400 calls run (they take a few milliseconds).
                var y = new float[Samples * a.OutputSize];
                for (int c = 0; c < 400 || (Volatile.Read(ref publishes) < MinPublishes && c < 10_000_000); c++)
                {
                    Interlocked.Increment(ref calls);
                    int s = c % Samples;
                    bool batch = (c & 1) == 0;
                    if (batch)
                    {
                        predictor.Predict(x, Samples, y);
                    }
                    else
                    {
                        predictor.Predict(x.AsSpan(s * a.InputSize, a.InputSize), y.AsSpan(0, a.OutputSize));
                    }

                    // A batch call runs entirely on one model: all rows from A or all from B.
                    int offset = batch ? 0 : s * a.OutputSize, length = batch ? y.Length : a.OutputSize;
                    ReadOnlySpan<float> got = y.AsSpan(0, length);
                    if (got.SequenceEqual(expectA.AsSpan(offset, length)))
                    {
                        Interlocked.Increment(ref seenA);
                    }
                    else if (got.SequenceEqual(expectB.AsSpan(offset, length)))
                    {
                        Interlocked.Increment(ref seenB);
                    }
                    else
                    {
                        Interlocked.Increment(ref bad);
                    }
                }

                return 0;
            });
        }
        finally
        {
            stop.Cancel();
            publisher.Join();
        }

        Assert.Equal(0, bad);
        Assert.True(publishes >= MinPublishes, $"only {publishes} publishes ran");
        Assert.Equal(calls, seenA + seenB);
    }

    [Fact]
    public void Predict_AllocatesNothingAfterWarmUp_SingleAndBatch()
    {
        var random = new Random(7);
        Network net = RandomNetwork(random, 64, [80, 33, 10], Activation.ReLU);
        var predictor = new Predictor(net);
        float[] x = Data.Uniform(random, 100 * net.InputSize);
        float[] y = new float[100 * net.OutputSize];
        Allocations.AssertNone(() => predictor.Predict(x.AsSpan(0, net.InputSize), y.AsSpan(0, net.OutputSize)), "single sample");
        Allocations.AssertNone(
            () =>
            {
                predictor.Predict(x, 100, y);
                predictor.Predict(x.AsSpan(0, 8 * net.InputSize), 8, y.AsSpan(0, 8 * net.OutputSize));
            },
            "batches of 100 and 8");
    }

    [Fact]
    public void Predict_WrongLengths_ThrowNamingTheParameter()
    {
        var predictor = new Predictor(RandomNetwork(new Random(8), 6, [5, 3], Activation.ReLU));
        float[] x = new float[6], y = new float[3];
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => predictor.Predict(new float[5], y)).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => predictor.Predict(new float[7], y)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => predictor.Predict(x, new float[2])).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => predictor.Predict(x, new float[4])).ParamName);
        Assert.Equal("batch", Assert.Throws<ArgumentOutOfRangeException>(() => predictor.Predict(x, -1, y)).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => predictor.Predict(new float[11], 2, new float[6])).ParamName);
        Assert.Equal("outputs", Assert.Throws<ArgumentException>(() => predictor.Predict(new float[12], 2, new float[5])).ParamName);
        predictor.Predict(ReadOnlySpan<float>.Empty, 0, Span<float>.Empty); // an empty batch is fine
    }

    [Fact]
    public void Predictor_BadNetworks_ThrowNamingTheParameter()
    {
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => new Predictor(null!)).ParamName);
        var predictor = new Predictor(RandomNetwork(new Random(9), 6, [5, 3], Activation.ReLU));
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => predictor.Publish(null!)).ParamName);
        Assert.Equal("network", Assert.Throws<ArgumentException>(() => predictor.Publish(RandomNetwork(new Random(9), 7, [5, 3], Activation.ReLU))).ParamName);
        Assert.Equal("network", Assert.Throws<ArgumentException>(() => predictor.Publish(RandomNetwork(new Random(9), 6, [5, 4], Activation.ReLU))).ParamName);
        Assert.Equal(1, predictor.Version);
    }

    [Fact]
    public void Predict_ReturnsTheVersionOfTheModelThatAnswered()
    {
        var net = RandomNetwork(new Random(11), 4, [3], Activation.ReLU);
        var predictor = new Predictor(net);
        float[] x = new float[4], y = new float[3];
        Assert.Equal(1, predictor.Predict(x, y));
        Assert.Equal(2, predictor.Publish(net));
        Assert.Equal(2, predictor.Predict(x, 1, y));
        Assert.Equal(2, predictor.Predict(ReadOnlySpan<float>.Empty, 0, Span<float>.Empty));
    }

    private static float[] Answers(Network net, float[] x, int samples)
    {
        var predictor = new Predictor(net);
        var y = new float[samples * net.OutputSize];
        for (int s = 0; s < samples; s++)
        {
            predictor.Predict(x.AsSpan(s * net.InputSize, net.InputSize), y.AsSpan(s * net.OutputSize, net.OutputSize));
        }

        return y;
    }

    private static int RunThreads(int count, Func<int, int> body)
    {
        int total = 0;
        Exception? failure = null;
        var threads = Enumerable.Range(0, count).Select(t => new Thread(() =>
        {
            try
            {
                Interlocked.Add(ref total, body(t));
            }
            catch (Exception e)
            {
                failure = e;
            }
        })).ToArray();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        return failure is null ? total : throw new InvalidOperationException("A predicting thread failed.", failure);
    }

    private static void AssertBitEqual(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{what}[{i}]: {actual[i]:R} is not bit-identical to {expected[i]:R}");
            }
        }
    }

    internal static Network RandomNetwork(Random random, int inputSize, int[] sizes, Activation hidden)
    {
        LayerSpec[] layers = sizes.Select((n, i) => new LayerSpec(n, i == sizes.Length - 1 ? Activation.Identity : hidden)).ToArray();
        if (sizes.Length == 1 || sizes.Length == 2)
        {
            layers[^1] = layers[^1] with { Activation = hidden }; // the output activation is exercised too
        }

        var net = new Network(inputSize, layers);
        net.Initialize(WeightInit.GlorotUniform, random.Next());
        foreach (int l in Enumerable.Range(0, net.LayerCount))
        {
            Data.Uniform(random, net.Bias(l).Length, 0.5f).CopyTo(net.Bias(l));
        }

        return net;
    }
}
