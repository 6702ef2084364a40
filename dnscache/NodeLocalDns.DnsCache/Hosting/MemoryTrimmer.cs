namespace NodeLocalDns.DnsCache.Hosting;

/// <summary>
/// Gives memory back to the node. After a burst of cache misses the GC keeps far more committed than
/// it has live objects (its gen0 budget grows with the allocation rate and freed regions stay committed
/// until the next collections), and an idle node cache triggers no collection to release them. A node
/// DaemonSet lives under tight memory limits (kubernetes/dns#438: OOM kills take DNS down), so every
/// few seconds, when committed memory is more than twice the live heap and 8 MiB above it, one
/// aggressive collection decommits the rest. At most one such collection per interval; each costs a
/// few milliseconds for a heap of tens of MiB.
/// </summary>
internal sealed class MemoryTrimmer : IDisposable
{
    private const long Slack = 8L * 1024 * 1024;
    private readonly ITimer _timer;

    public MemoryTrimmer(TimeSpan interval) =>
        _timer = TimeProvider.System.CreateTimer(_ => Trim(), null, interval, interval);

    /// <summary>Collects aggressively when the GC holds much more than it uses; returns whether it did.</summary>
    public static bool Trim()
    {
        var info = GC.GetGCMemoryInfo();
        var live = info.HeapSizeBytes - info.FragmentedBytes;
        if (info.TotalCommittedBytes <= Math.Max(2 * live, live + Slack))
        {
            return false;
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return true;
    }

    public void Dispose() => _timer.Dispose();
}
