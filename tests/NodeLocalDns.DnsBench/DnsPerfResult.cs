namespace NodeLocalDns.DnsBench;

/// <summary>What one dnsperf run reported.</summary>
internal sealed record DnsPerfResult(long Sent, long Completed, long Lost, double Qps, double AverageLatency, IReadOnlyList<double> Latencies)
{
    public double Percentile(double p)
    {
        if (Latencies.Count == 0)
        {
            return double.NaN;
        }

        var sorted = Latencies.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }
}
