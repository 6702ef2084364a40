using Microsoft.Extensions.Time.Testing;
using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Directives.Cache;

[CancelAfter(60_000)]
[Category(TestCategories.Peers)]
public sealed class PrefetchTests
{
    [Test]
    public async Task Prefetch_PopularNameNearExpiry_IsRefreshedBeforeItExpires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var knot = await KnotFixture.SharedAsync();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                cache 100 {
                    prefetch 2 1m 10%
                }
                forward . 127.0.0.1:{{knot.Port}}
                prometheus 127.0.0.1:0
            }
            """, time);
        await DigClient.QueryAsync(daemon.Udp, "www.example.test");
        await DigClient.QueryAsync(daemon.Udp, "www.example.test");
        time.Advance(TimeSpan.FromSeconds(92));
        var near = await DigClient.QueryAsync(daemon.Udp, "www.example.test");
        Assert.That(near.AnswerTtls, Is.All.EqualTo(8));
        Assert.That(await Eventually.HoldsAsync(async () => await daemon.MetricAsync("coredns_forward_requests_total") == 2, TimeSpan.FromSeconds(5)), Is.True);
        Assert.That(await daemon.MetricAsync("coredns_cache_prefetch_total"), Is.EqualTo(1));
        var refreshed = await DigClient.QueryAsync(daemon.Udp, "www.example.test");
        Assert.That(refreshed.AnswerTtls, Is.All.EqualTo(100), "the prefetched answer replaced the old entry");
    }
}
