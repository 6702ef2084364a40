namespace NodeLocalDns.DnsCache.Observability;

/// <summary>
/// One histogram series with fixed upper bounds; observations are interlocked adds. The sum is kept as an integer
/// count of 1/<paramref name="sumScale"/> units (nanoseconds for durations, bytes for sizes).
/// </summary>
internal sealed class Histogram(string labels, double[] bounds, double sumScale = 1e9)
{
    private readonly long[] _buckets = new long[bounds.Length + 1];
    private long _count;
    private long _sumNanos;

    public string Labels { get; } = labels;

    public IReadOnlyList<double> Bounds { get; } = bounds;

    public long Count => Volatile.Read(ref _count);

    public double Sum => Volatile.Read(ref _sumNanos) / sumScale;

    public long BucketCount(int index) => Volatile.Read(ref _buckets[index]);

    public void Observe(double seconds)
    {
        var i = 0;
        while (i < bounds.Length && seconds > bounds[i])
        {
            i++;
        }

        Interlocked.Increment(ref _buckets[i]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumNanos, (long)(seconds * sumScale));
    }
}
