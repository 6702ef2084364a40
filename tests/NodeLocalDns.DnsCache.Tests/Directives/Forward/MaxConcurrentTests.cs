using System.Net;
using System.Net.Sockets;
using NodeLocalDns.DnsCache.Tests.Support;

namespace NodeLocalDns.DnsCache.Tests.Directives.Forward;

[CancelAfter(60_000)]
public sealed class MaxConcurrentTests
{
    [Test]
    public async Task MaxConcurrent_Reached_ExtraQueryIsRefusedAndCounted()
    {
        // An upstream that reads queries and never answers keeps one query in flight for the 2 s read timeout.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                forward . {{silent.LocalEndPoint}} {
                    max_concurrent 1
                }
                prometheus 127.0.0.1:0
            }
            """);
        var first = RawDns.UdpAsync(daemon.Udp, RawDns.Query("one.example.test"), timeoutMs: 5000);
        await Task.Delay(200);
        var second = await RawDns.UdpAsync(daemon.Udp, RawDns.Query("two.example.test"), timeoutMs: 1000);
        Assert.That(RawDns.Rcode(second!), Is.EqualTo(5));
        Assert.That(await daemon.MetricAsync("coredns_forward_max_concurrent_rejects_total"), Is.EqualTo(1));
        Assert.That(RawDns.Rcode((await first)!), Is.EqualTo(2), "the silent upstream times out: SERVFAIL");
    }
}
