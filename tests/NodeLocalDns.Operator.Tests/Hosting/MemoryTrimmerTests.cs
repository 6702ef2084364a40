using Microsoft.Extensions.Time.Testing;
using NodeLocalDns.Operator.Hosting;

namespace NodeLocalDns.Operator.Tests.Hosting;

/// <summary>The trim after a burst: once the allocations of a burst have stopped, and never while work goes on.</summary>
[NonParallelizable]
public sealed class MemoryTrimmerTests
{
    private static byte[][] Allocate(long bytes) => [.. Enumerable.Range(0, (int)(bytes / 65536)).Select(_ => new byte[65536])];

    [Test]
    public void Look_AfterABurstAndAQuietInterval_TrimsOnce()
    {
        var time = new FakeTimeProvider();
        using var trimmer = new MemoryTrimmer(time);

        GC.KeepAlive(Allocate(MemoryTrimmer.BurstBytes * 2));
        time.Advance(MemoryTrimmer.Interval);
        var duringBurst = trimmer.Trims;
        time.Advance(MemoryTrimmer.Interval);
        var afterQuiet = trimmer.Trims;
        time.Advance(MemoryTrimmer.Interval);

        Assert.Multiple(() =>
        {
            Assert.That(duringBurst, Is.Zero, "the interval of the burst itself is not quiet");
            Assert.That(afterQuiet, Is.EqualTo(1));
            Assert.That(trimmer.Trims, Is.EqualTo(1), "nothing new to give back");
        });
    }
}
