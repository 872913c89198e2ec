using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace SimdBackprop.Tests;

/// <summary>The SimdBackprop meter seen by a <see cref="System.Diagnostics.Metrics.MeterListener"/>. The listener is
/// process-wide and its callbacks run on the recording threads, so these tests run alone (see
/// <see cref="ProcessWideListeners"/>): other tests' allocation checks would otherwise count its bookkeeping.</summary>
[Collection(ProcessWideListeners.Name)]
public class PredictorMetricsTests
{
    [Fact]
    public void Predictor_RecordsIntoTheSimdBackpropMeter()
    {
        var net = PredictorTests.RandomNetwork(new Random(10), 8, [9, 2], Activation.ReLU);
        var seen = new MeterSeen();
        using var listener = seen.Listen();
        var predictor = new Predictor(net);
        float[] x = new float[3 * 8], y = new float[3 * 2];
        for (int i = 0; i < 10; i++)
        {
            predictor.Predict(x.AsSpan(0, 8), y.AsSpan(0, 2));
            predictor.Predict(x, 3, y);
        }

        long version = predictor.Publish(net);
        listener.RecordObservableInstruments();

        // Other tests run predictors at the same time: the process-wide totals are at least ours.
        Assert.True(seen.Sum("simdbackprop.predictor.calls") >= 20, $"calls {seen.Sum("simdbackprop.predictor.calls")}");
        Assert.True(seen.Sum("simdbackprop.predictor.samples") >= 40, $"samples {seen.Sum("simdbackprop.predictor.samples")}");
        Assert.True(seen.Count("simdbackprop.predictor.duration") >= 20, "fewer than 20 durations");
        Assert.True(seen.Min("simdbackprop.predictor.duration") > 0, "a duration of 0 s");
        Assert.True(seen.Max("simdbackprop.predictor.duration") < 60, "a duration above a minute: not in seconds");
        Assert.True(seen.Sum("simdbackprop.predictor.publishes") >= 1, "no publish");
        Assert.Equal((double)version, Assert.Single(seen.Values("simdbackprop.predictor.model.version")));
        Assert.Equal((double)(int)Simd.Tier, Assert.Single(seen.Values("simdbackprop.simd.tier")));
        Assert.Equal("SimdBackprop", Predictor.MeterName);
    }

    [Fact]
    public void OpenTelemetry_ExportsThePredictorInstruments()
    {
        var exported = new List<Metric>();
        using (MeterProvider provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(Predictor.MeterName)
            .AddInMemoryExporter(exported)
            .Build())
        {
            var predictor = new Predictor(PredictorTests.RandomNetwork(new Random(12), 8, [9, 2], Activation.ReLU));
            float[] x = new float[8], y = new float[2];
            for (int i = 0; i < 5; i++)
            {
                predictor.Predict(x, y);
            }

            provider.ForceFlush();
        }

        string[] names = exported.Select(m => m.Name).Distinct().ToArray();
        foreach (string name in new[] { "simdbackprop.predictor.calls", "simdbackprop.predictor.samples", "simdbackprop.predictor.duration", "simdbackprop.predictor.model.version", "simdbackprop.simd.tier" })
        {
            Assert.Contains(name, names);
        }

        Metric duration = exported.First(m => m.Name == "simdbackprop.predictor.duration");
        Assert.Equal("s", duration.Unit);
        Assert.Equal(MetricType.Histogram, duration.MetricType);
    }
}
