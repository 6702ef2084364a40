using System.Text.RegularExpressions;
using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Observability;

/// <summary>The exposition keeps CoreDNS's names and labels (so node-local-dns dashboards work) and is well-formed.</summary>
[CancelAfter(60_000)]
[Category(TestCategories.Peers)]
public sealed partial class MetricsTests
{
    private DaemonUnderTest _daemon = null!;
    private KnotAuthoritativeServer _knot = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _knot = await KnotFixture.SharedAsync();
        _daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                cache 30
                forward . 127.0.0.1:{{_knot.Port}}
                prometheus 127.0.0.1:0
            }
            """);
        await DigClient.QueryAsync(_daemon.Udp, "www.example.test");
        await DigClient.QueryAsync(_daemon.Udp, "www.example.test");
        await DigClient.QueryAsync(_daemon.Udp, "www.example.test", "A", "+tcp");
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _daemon.DisposeAsync();

    [TestCase("coredns_dns_requests_total{server=\"dns://:0\",zone=\"example.test.\",proto=\"udp\",family=\"1\",type=\"A\"} 2")]
    [TestCase("coredns_dns_requests_total{server=\"dns://:0\",zone=\"example.test.\",proto=\"tcp\",family=\"1\",type=\"A\"} 1")]
    [TestCase("coredns_dns_responses_total{server=\"dns://:0\",zone=\"example.test.\",rcode=\"NOERROR\",plugin=\"cache\"} 2")]
    [TestCase("coredns_dns_responses_total{server=\"dns://:0\",zone=\"example.test.\",rcode=\"NOERROR\",plugin=\"forward\"} 1")]
    [TestCase("coredns_cache_hits_total{server=\"dns://:0\",type=\"success\",zones=\".\"} 2")]
    [TestCase("coredns_cache_misses_total{server=\"dns://:0\",zones=\".\"} 1")]
    [TestCase("coredns_cache_entries{server=\"dns://:0\",type=\"success\",zones=\".\"} 1")]
    [TestCase("coredns_dns_request_duration_seconds_count{server=\"dns://:0\",zone=\"example.test.\",type=\"A\"} 3")]
    [TestCase("coredns_forward_healthcheck_broken_total 0")]
    public async Task Metrics_AfterQueries_HaveCoreDnsNamesAndValues(string line)
    {
        Assert.That((await _daemon.MetricsAsync()).Split('\n'), Does.Contain(line));
    }

    [TestCase("coredns_forward_requests_total")]
    [TestCase("coredns_forward_responses_total")]
    [TestCase("coredns_forward_request_duration_seconds_bucket")]
    [TestCase("dnscache_malformed_requests_total")]
    public async Task Metrics_ForwardAndOwnSeries_AreExported(string name)
    {
        Assert.That(await _daemon.MetricsAsync(), Does.Contain("\n" + name + "{"));
    }

    [Test]
    public async Task Metrics_Exposition_IsWellFormedPrometheusText()
    {
        var text = await _daemon.MetricsAsync();
        var typed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.That(parts[3], Is.AnyOf("counter", "gauge", "histogram"));
                Assert.That(typed.Add(parts[2]), Is.True, $"one TYPE per family: {parts[2]}");
                if (parts[3] == "counter")
                {
                    Assert.That(parts[2], Does.EndWith("_total"), "counters end in _total (promlint)");
                }

                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            Assert.That(SeriesPattern().IsMatch(line), Is.True, line);
        }
    }

    [GeneratedRegex("""^[a-z_:][a-z0-9_:]*(\{([a-z_][a-z0-9_]*="[^"\\]*(\\.[^"\\]*)*",?)*\})? -?[0-9.eE+\-]+|NaN|\+Inf$""")]
    private static partial Regex SeriesPattern();
}
