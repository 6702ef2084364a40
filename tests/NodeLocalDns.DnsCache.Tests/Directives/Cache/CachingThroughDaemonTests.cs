using Microsoft.Extensions.Time.Testing;
using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Directives.Cache;

/// <summary>The cache seen from a client, with a fake clock: TTLs count down, denials follow RFC 2308, hits do not reach knot.</summary>
[CancelAfter(60_000)]
[Category(TestCategories.Peers)]
public sealed class CachingThroughDaemonTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private KnotAuthoritativeServer _knot = null!;
    private DaemonUnderTest _daemon = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _knot = await KnotFixture.SharedAsync();
        _daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                cache {
                    success 1000 3600
                    denial 1000 60
                }
                forward . 127.0.0.1:{{_knot.Port}}
                prometheus 127.0.0.1:0
            }
            """, _time);
    }

    [TearDown]
    public async Task StopAsync() => await _daemon.DisposeAsync();

    [Test]
    public async Task Query_AfterTimePasses_TtlHasCountedDownAndKnotWasAskedOnce()
    {
        var first = await DigClient.QueryAsync(_daemon.Udp, "www.example.test");
        _time.Advance(TimeSpan.FromSeconds(120));
        var second = await DigClient.QueryAsync(_daemon.Udp, "www.example.test");
        Assert.Multiple(async () =>
        {
            Assert.That(first.AnswerTtls, Is.All.EqualTo(300));
            Assert.That(second.AnswerTtls, Is.All.EqualTo(180));
            Assert.That(second.AnswerSet, Is.EqualTo(first.AnswerSet));
            Assert.That(await _daemon.MetricAsync("coredns_forward_requests_total"), Is.EqualTo(1));
            Assert.That(await _daemon.MetricAsync("coredns_cache_hits_total", "type=\"success\""), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Query_AfterTtlRunsOut_IsForwardedAgain()
    {
        await DigClient.QueryAsync(_daemon.Udp, "short.example.test");
        _time.Advance(TimeSpan.FromSeconds(6));
        var again = await DigClient.QueryAsync(_daemon.Udp, "short.example.test");
        Assert.That(again.AnswerTtls, Is.All.EqualTo(5));
        Assert.That(await _daemon.MetricAsync("coredns_forward_requests_total"), Is.EqualTo(2));
    }

    [Test]
    public async Task NxDomain_IsCachedForTheDenialCapThenForwardedAgain()
    {
        // SOA MINIMUM is 300 and its TTL 3600 (RFC 2308 §5: 300), capped here by `denial 1000 60`.
        var first = await DigClient.QueryAsync(_daemon.Udp, "missing.example.test");
        _time.Advance(TimeSpan.FromSeconds(59));
        var cached = await DigClient.QueryAsync(_daemon.Udp, "missing.example.test");
        _time.Advance(TimeSpan.FromSeconds(1));
        await DigClient.QueryAsync(_daemon.Udp, "missing.example.test");
        Assert.Multiple(async () =>
        {
            Assert.That(first.Status, Is.EqualTo("NXDOMAIN"));
            Assert.That(cached.Status, Is.EqualTo("NXDOMAIN"));
            Assert.That(cached.Output, Does.Contain("SOA"));
            Assert.That(await _daemon.MetricAsync("coredns_cache_hits_total", "type=\"denial\""), Is.EqualTo(1));
            Assert.That(await _daemon.MetricAsync("coredns_forward_requests_total"), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task NoData_IsCachedAsDenial()
    {
        var first = await DigClient.QueryAsync(_daemon.Udp, "mail.example.test", "AAAA");
        await DigClient.QueryAsync(_daemon.Udp, "mail.example.test", "AAAA");
        Assert.That(first.Status, Is.EqualTo("NOERROR"));
        Assert.That(first.AnswerLines, Is.Empty);
        Assert.That(await _daemon.MetricAsync("coredns_cache_hits_total", "type=\"denial\""), Is.EqualTo(1));
    }

    [Test]
    public async Task DnssecOkQuery_IsCachedSeparately()
    {
        await DigClient.QueryAsync(_daemon.Udp, "www.example.test");
        await DigClient.QueryAsync(_daemon.Udp, "www.example.test", "A", "+dnssec");
        await DigClient.QueryAsync(_daemon.Udp, "www.example.test", "A", "+cdflag");
        Assert.That(await _daemon.MetricAsync("coredns_forward_requests_total"), Is.EqualTo(3));
    }

    [Test]
    public async Task MixedCaseName_SharesTheLowerCaseEntry()
    {
        await DigClient.QueryAsync(_daemon.Udp, "www.example.test");
        var upper = await DigClient.QueryAsync(_daemon.Udp, "WWW.EXAMPLE.TEST");
        Assert.That(upper.Output, Does.Contain("WWW.EXAMPLE.TEST."));
        Assert.That(await _daemon.MetricAsync("coredns_forward_requests_total"), Is.EqualTo(1));
    }
}
