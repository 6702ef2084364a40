using System.Collections.Concurrent;
using System.Text;

namespace NodeLocalDns.DnsCache.Observability;

/// <summary>
/// A named metric with its label names, holding one series per label-value combination. Series are
/// created once (at start-up or on first use) and then held as handles by the hot path.
/// </summary>
internal sealed class MetricFamily(string name, string help, string type, string[] labelNames, double[]? bounds = null, double sumScale = 1e9)
{
    private readonly ConcurrentDictionary<string, object> _series = new(StringComparer.Ordinal);
    private readonly List<Func<IEnumerable<(string Labels, double Value)>>> _gaugeCallbacks = [];

    public string Name { get; } = name;

    public Counter Counter(params string[] labelValues) => (Counter)_series.GetOrAdd(Render(labelValues), static l => new Counter(l));

    public Histogram Histogram(params string[] labelValues) =>
        (Histogram)_series.GetOrAdd(Render(labelValues), (l, b) => new Histogram(l, b, sumScale), bounds ?? []);

    /// <summary>For gauges: values read at scrape time.</summary>
    public void AddCallback(Func<IEnumerable<(string Labels, double Value)>> callback)
    {
        lock (_gaugeCallbacks)
        {
            _gaugeCallbacks.Add(callback);
        }
    }

    public void RemoveCallbacks()
    {
        lock (_gaugeCallbacks)
        {
            _gaugeCallbacks.Clear();
        }
    }

    public string Render(params string[] labelValues)
    {
        if (labelNames.Length == 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder("{");
        for (var i = 0; i < labelNames.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(labelNames[i]).Append("=\"");
            foreach (var c in i < labelValues.Length ? labelValues[i] : string.Empty)
            {
                _ = c switch
                {
                    '\\' => sb.Append("\\\\"),
                    '"' => sb.Append("\\\""),
                    '\n' => sb.Append("\\n"),
                    _ => sb.Append(c),
                };
            }

            sb.Append('"');
        }

        return sb.Append('}').ToString();
    }

    /// <summary>Writes the family in the Prometheus text format (version 0.0.4).</summary>
    public void WriteTo(StringBuilder sb)
    {
        sb.Append("# HELP ").Append(Name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(Name).Append(' ').Append(type).Append('\n');
        foreach (var (labels, series) in _series.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            switch (series)
            {
                case Counter c:
                    sb.Append(Name).Append(labels).Append(' ').Append(c.Value).Append('\n');
                    break;
                case Histogram h:
                    WriteHistogram(sb, labels, h);
                    break;
            }
        }

        List<Func<IEnumerable<(string Labels, double Value)>>> callbacks;
        lock (_gaugeCallbacks)
        {
            callbacks = [.. _gaugeCallbacks];
        }

        foreach (var callback in callbacks)
        {
            foreach (var (labels, value) in callback())
            {
                sb.Append(Name).Append(labels).Append(' ').Append(Format(value)).Append('\n');
            }
        }
    }

    private void WriteHistogram(StringBuilder sb, string labels, Histogram h)
    {
        var prefix = labels.Length == 0 ? "{" : labels[..^1] + ",";
        long cumulative = 0;
        for (var i = 0; i < h.Bounds.Count; i++)
        {
            cumulative += h.BucketCount(i);
            sb.Append(Name).Append("_bucket").Append(prefix).Append("le=\"").Append(Format(h.Bounds[i])).Append("\"} ").Append(cumulative).Append('\n');
        }

        cumulative += h.BucketCount(h.Bounds.Count);
        sb.Append(Name).Append("_bucket").Append(prefix).Append("le=\"+Inf\"} ").Append(cumulative).Append('\n');
        sb.Append(Name).Append("_sum").Append(labels).Append(' ').Append(Format(h.Sum)).Append('\n');
        sb.Append(Name).Append("_count").Append(labels).Append(' ').Append(h.Count).Append('\n');
    }

    private static string Format(double value) => double.IsNaN(value) ? "NaN" : value.ToString("G17", System.Globalization.CultureInfo.InvariantCulture);
}
