using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SimdBackprop.Uses.Serving;

/// <summary>
/// The process-wide <see cref="Meter"/> named <c>SimdBackprop</c> that every <see cref="Predictor"/> records into,
/// in the .NET metrics convention: readable by <c>dotnet-counters monitor -n &lt;app&gt; --counters SimdBackprop</c>,
/// by OpenTelemetry (<c>AddMeter("SimdBackprop")</c>) and by an in-process <see cref="MeterListener"/>.
/// </summary>
/// <remarks>
/// Instruments carry no tags, so recording allocates nothing. A call measures its latency only while some
/// listener has the histogram or a counter enabled; otherwise its whole telemetry cost is three flag reads.
/// A meter rather than an EventSource with counters: dotnet-counters reads meters too,
/// OpenTelemetry reads only meters, and one recording path is one thing to keep correct.
/// </remarks>
internal static class PredictorMetrics
{
    /// <summary>The meter's name, for listeners and exporters.</summary>
    public const string MeterName = "SimdBackprop";

    private static long lastVersion;

    private static readonly Meter Meter = new(MeterName, typeof(PredictorMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>Predict calls completed (a batch is one call).</summary>
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>(
        "simdbackprop.predictor.calls", "{call}", "Predict calls completed; a batch counts once");

    /// <summary>Samples predicted (a batch of 8 adds 8).</summary>
    public static readonly Counter<long> Samples = Meter.CreateCounter<long>(
        "simdbackprop.predictor.samples", "{sample}", "Samples predicted");

    /// <summary>Latency of one Predict call, in seconds (the OpenTelemetry unit for durations).</summary>
    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "simdbackprop.predictor.duration", "s", "Duration of one Predict call");

    /// <summary>Models published into predictors after their construction.</summary>
    public static readonly Counter<long> Publishes = Meter.CreateCounter<long>(
        "simdbackprop.predictor.publishes", "{model}", "Models published with Predictor.Publish");

    /// <summary>The version of the most recently built or published model, read whenever a listener observes it
    /// (an observable gauge, so a listener that attaches later still sees the current version).</summary>
    public static readonly ObservableGauge<long> ModelVersion = Meter.CreateObservableGauge(
        "simdbackprop.predictor.model.version", static () => Interlocked.Read(ref lastVersion), "{version}", "Version of the most recently built or published model");

    /// <summary>The SIMD tier the kernels run (0 scalar, 1 Vector128, 2 Vector256, 3 Vector512), read when observed.</summary>
    public static readonly ObservableGauge<int> Tier = Meter.CreateObservableGauge(
        "simdbackprop.simd.tier", static () => (int)Simd.Tier, "{tier}", "SIMD tier the kernels run: 0 scalar, 1 Vector128, 2 Vector256, 3 Vector512");

    /// <summary>Notes that a predictor now serves <paramref name="version"/> (construction or publish).</summary>
    public static void RecordModel(long version) => Interlocked.Exchange(ref lastVersion, version);

    /// <summary>True while any listener wants the per-call instruments: only then is a call timed.</summary>
    public static bool CallsObserved => Duration.Enabled || Calls.Enabled || Samples.Enabled;

    /// <summary>Records one completed call that began at <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public static void RecordCall(int batch, long startTimestamp)
    {
        Calls.Add(1);
        Samples.Add(batch);
        Duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
    }
}
