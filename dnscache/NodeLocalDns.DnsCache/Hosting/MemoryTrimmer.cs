namespace NodeLocalDns.DnsCache.Hosting;

/// <summary>
/// Gives memory back to the node. After a burst of cache misses the GC keeps far more committed than
/// it has live objects (its gen0 budget grows with the allocation rate and freed regions stay committed
/// until the next collections), and an idle node cache triggers no collection to release them. A node
/// DaemonSet lives under tight memory limits (kubernetes/dns#438: OOM kills take DNS down), so every
/// few seconds, when committed memory is more than twice the live heap and 8 MiB above it, one
/// aggressive collection decommits the rest. It is a blocking, compacting full collection (tens of milliseconds
/// with a large cache), so it runs only once the burst is over: when less than <see cref="QuietBytesPerInterval"/>
/// was allocated since the last check. Under load the gen0 budget (compiled in, see the project file) keeps
/// the heap small anyway; a trim in the middle of a burst was the worst pause of the miss path.
/// </summary>
internal sealed class MemoryTrimmer : IDisposable
{
    private const long Slack = 8L * 1024 * 1024;

    /// <summary>Allocation between two checks below which the daemon counts as quiet (a few hundred queries a second).</summary>
    public const long QuietBytesPerInterval = 4L * 1024 * 1024;

    private readonly ITimer _timer;
    private long _allocated = GC.GetTotalAllocatedBytes();

    public MemoryTrimmer(TimeSpan interval) =>
        _timer = TimeProvider.System.CreateTimer(_ => TrimWhenQuiet(), null, interval, interval);

    private void TrimWhenQuiet()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        var busy = allocated - _allocated > QuietBytesPerInterval;
        _allocated = allocated;
        if (!busy)
        {
            Trim();
        }
    }

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
