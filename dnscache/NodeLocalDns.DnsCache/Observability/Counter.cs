namespace NodeLocalDns.DnsCache.Observability;

/// <summary>One counter series: a value incremented with an interlocked add, so the hot path never allocates or locks.</summary>
internal sealed class Counter(string labels)
{
    private long _value;

    /// <summary>The rendered label set, such as <c>{server="dns://:53",zone="."}</c>.</summary>
    public string Labels { get; } = labels;

    public long Value => Volatile.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);

    public void Add(long amount) => Interlocked.Add(ref _value, amount);
}
