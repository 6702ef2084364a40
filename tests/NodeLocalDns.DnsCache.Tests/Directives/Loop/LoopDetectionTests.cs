using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Directives.Loop;

[CancelAfter(60_000)]
public sealed class LoopDetectionTests
{
    [Test]
    public async Task Loop_ForwardingToItself_IsDetectedAndStopsTheDaemon()
    {
        var port = FreePort.Next();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            .:{{port}} {
                bind 127.0.0.1
                loop
                forward . 127.0.0.1:{{port}}
            }
            """);
        var stopped = await Task.WhenAny(daemon.Host.Stopped, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.That(stopped, Is.SameAs(daemon.Host.Stopped), "the loop must be detected");
        Assert.That(await daemon.Host.Stopped, Is.EqualTo(1));
    }

    [Test]
    [Category(TestCategories.Peers)]
    public async Task Loop_RealUpstream_IsNotDetected()
    {
        var knot = await KnotFixture.SharedAsync();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                loop
                forward . 127.0.0.1:{{knot.Port}}
            }
            """);
        await Task.Delay(1000);
        Assert.That(daemon.Host.Stopped.IsCompleted, Is.False);
        Assert.That((await DigClient.QueryAsync(daemon.Udp, "www.example.test")).Status, Is.EqualTo("NOERROR"));
    }
}
