using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace SimdBackprop.Uses.Serving;

/// <summary>
/// Runtime telemetry of every <see cref="Predictor"/> in the process, as EventCounters of the event source
/// <c>SimdBackprop-Predictor</c>: <c>dotnet-counters monitor -n &lt;process&gt; --counters SimdBackprop-Predictor</c>.
/// A call records only while a listener has the source enabled; otherwise its whole cost is one field read.
/// </summary>
[EventSource(Name = SourceName)]
internal sealed class PredictorEventSource : EventSource
{
    public const string SourceName = "SimdBackprop-Predictor";

    public static readonly PredictorEventSource Log = new();

    private long calls;
    private long samples;
    private long latencyTicks;
    private long publishes;
    private int lastTier = (int)Simd.HardwareTier;

    // Mean latency over the last polling interval: the totals seen at the previous poll.
    private long polledCalls;
    private long polledTicks;

#pragma warning disable IDE0052 // kept alive for the lifetime of the source
    private IncrementingPollingCounter? callCounter;
    private IncrementingPollingCounter? sampleCounter;
    private PollingCounter? latencyCounter;
    private PollingCounter? tierCounter;
    private IncrementingPollingCounter? publishCounter;
#pragma warning restore IDE0052

    private PredictorEventSource()
        : base(EventSourceSettings.EtwSelfDescribingEventFormat)
    {
    }

    /// <summary>Totals since the source was first enabled: calls, samples, summed latency ticks, publishes.</summary>
    public (long Calls, long Samples, long LatencyTicks, long Publishes) Totals =>
        (Interlocked.Read(ref calls), Interlocked.Read(ref samples), Interlocked.Read(ref latencyTicks), Interlocked.Read(ref publishes));

    /// <summary>Records one prediction call (only called while enabled).</summary>
    [NonEvent]
    public void RecordCall(int batch, long elapsedTicks, SimdTier tier)
    {
        Interlocked.Increment(ref calls);
        Interlocked.Add(ref samples, batch);
        Interlocked.Add(ref latencyTicks, elapsedTicks);
        lastTier = (int)tier;
    }

    /// <summary>Records a model publish (cheap and rare: always counted).</summary>
    [NonEvent]
    public void RecordPublish() => Interlocked.Increment(ref publishes);

    /// <inheritdoc/>
    protected override void OnEventCommand(EventCommandEventArgs command)
    {
        if (command.Command != EventCommand.Enable)
        {
            return;
        }

        callCounter ??= new IncrementingPollingCounter("predict-calls", this, () => Interlocked.Read(ref calls))
        {
            DisplayName = "Predict calls",
            DisplayRateTimeScale = TimeSpan.FromSeconds(1),
        };
        sampleCounter ??= new IncrementingPollingCounter("predict-samples", this, () => Interlocked.Read(ref samples))
        {
            DisplayName = "Samples predicted",
            DisplayRateTimeScale = TimeSpan.FromSeconds(1),
        };
        latencyCounter ??= new PollingCounter("mean-latency", this, MeanLatencyMicroseconds)
        {
            DisplayName = "Mean latency per call",
            DisplayUnits = "us",
        };
        tierCounter ??= new PollingCounter("simd-tier", this, () => Volatile.Read(ref lastTier))
        {
            DisplayName = "SIMD tier of the last call (0 scalar, 1 Vector128, 2 Vector256, 3 Vector512)",
        };
        publishCounter ??= new IncrementingPollingCounter("model-publishes", this, () => Interlocked.Read(ref publishes))
        {
            DisplayName = "Models published",
        };
    }

    private double MeanLatencyMicroseconds()
    {
        long c = Interlocked.Read(ref calls), t = Interlocked.Read(ref latencyTicks);
        long dc = c - polledCalls, dt = t - polledTicks;
        polledCalls = c;
        polledTicks = t;
        return dc == 0 ? 0 : dt * 1e6 / Stopwatch.Frequency / dc;
    }
}
