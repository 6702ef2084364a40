using System.Runtime;

namespace NodeLocalDns.Operator.Hosting;

/// <summary>
/// Gives memory back after a burst of work. A controller is idle almost all the time, but a burst (an initial list of a
/// thousand ConfigMaps, a storm of Corefile edits) leaves the GC's generation-0 budget and the heap it used committed
/// and resident, because an idle process allocates too little to trigger another collection. Every
/// <see cref="Interval"/>, when at least <see cref="BurstBytes"/> were allocated since the last trim and the last
/// interval was quiet, this runs one aggressive, compacting collection that decommits what the live objects do not use.
/// A busy operator is never interrupted, and an idle one is trimmed once per burst.
/// </summary>
internal sealed class MemoryTrimmer : IDisposable
{
    /// <summary>How often allocation is looked at.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    /// <summary>How much must have been allocated since the last trim for another to be worth it.</summary>
    public const long BurstBytes = 16L * 1024 * 1024;

    /// <summary>At most this much allocated during the last interval counts as quiet.</summary>
    public const long QuietBytes = 1L * 1024 * 1024;

    private readonly ITimer _timer;
    private long _atLastTrim;
    private long _atLastLook;

    public MemoryTrimmer(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _atLastTrim = _atLastLook = GC.GetTotalAllocatedBytes();
        _timer = time.CreateTimer(_ => Look(), null, Interval, Interval);
    }

    /// <summary>How many trims ran (for tests).</summary>
    public int Trims { get; private set; }

    public void Dispose() => _timer.Dispose();

    private void Look()
    {
        var now = GC.GetTotalAllocatedBytes();
        var sinceLastLook = now - _atLastLook;
        _atLastLook = now;
        if (now - _atLastTrim < BurstBytes || sinceLastLook > QuietBytes)
        {
            return;
        }

        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _atLastTrim = _atLastLook = GC.GetTotalAllocatedBytes();
        Trims++;
    }
}
