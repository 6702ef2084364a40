using System.Net;
using System.Net.Sockets;
using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Server;

[CancelAfter(60_000)]
[Category(TestCategories.Peers)]
public sealed class IPv6Tests
{
    [Test]
    public async Task BindIPv6Loopback_UdpAndTcp_AnswerAndCountFamilyTwo()
    {
        var knot = await KnotFixture.SharedAsync();
        var port = FreePort.Next();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:{{port}} {
                bind ::1 127.0.0.1
                forward [::1]:{{knot.Port}}
                prometheus 127.0.0.1:0
            }
            """.Replace("forward [::1]", "forward . [::1]", StringComparison.Ordinal));
        var v6 = new IPEndPoint(IPAddress.IPv6Loopback, port);
        Assert.That((await DigClient.QueryAsync(v6, "www.example.test", "AAAA")).AnswerSet, Has.Count.EqualTo(1));
        Assert.That(RawDns.Parse(await RawDns.TcpAsync(v6, RawDns.Query("www.example.test"))).AnswerRecords, Has.Count.EqualTo(2));
        Assert.That((await DigClient.QueryAsync(new IPEndPoint(IPAddress.Loopback, port), "www.example.test")).AnswerSet, Has.Count.EqualTo(2));
        Assert.That(await daemon.MetricAsync("coredns_dns_requests_total", "family=\"2\""), Is.EqualTo(2));
        Assert.That(await daemon.MetricAsync("coredns_dns_requests_total", "family=\"1\""), Is.EqualTo(1));
        Assert.That(daemon.Host.UdpEndpoints.Select(e => e.AddressFamily), Is.EquivalentTo(new[] { AddressFamily.InterNetworkV6, AddressFamily.InterNetwork }));
    }
}
