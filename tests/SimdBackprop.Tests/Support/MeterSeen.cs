using System.Diagnostics.Metrics;

namespace SimdBackprop.Tests.Support;

/// <summary>What a <see cref="MeterListener"/> saw of the <c>SimdBackprop</c> meter: every measurement, by instrument name.</summary>
public sealed class MeterSeen
{
    private readonly Dictionary<string, List<double>> measurements = [];

    /// <summary>Starts listening to the SimdBackprop meter; dispose the listener to stop.</summary>
    public MeterListener Listen()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "SimdBackprop")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument.Name, value));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Add(instrument.Name, value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument.Name, value));
        listener.Start();
        return listener;
    }

    public double[] Values(string instrument)
    {
        lock (measurements)
        {
            return measurements.TryGetValue(instrument, out List<double>? list) ? [.. list] : [];
        }
    }

    public double Sum(string instrument) => Values(instrument).Sum();

    public int Count(string instrument) => Values(instrument).Length;

    public double Min(string instrument) => Values(instrument).DefaultIfEmpty(double.NaN).Min();

    public double Max(string instrument) => Values(instrument).DefaultIfEmpty(double.NaN).Max();

    private void Add(string instrument, double value)
    {
        lock (measurements)
        {
            if (!measurements.TryGetValue(instrument, out List<double>? list))
            {
                measurements[instrument] = list = [];
            }

            list.Add(value);
        }
    }
}
