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
        await DigClient.QueryAsync(_daemon.Udp, "www.example.test", "A", "+dnssec");
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _daemon.DisposeAsync();

    [TestCase("coredns_dns_requests_total{server=\"dns://:0\",zone=\"example.test.\",proto=\"udp\",family=\"1\",type=\"A\"} 3")]
    [TestCase("coredns_dns_requests_total{server=\"dns://:0\",zone=\"example.test.\",proto=\"tcp\",family=\"1\",type=\"A\"} 1")]
    [TestCase("coredns_dns_responses_total{server=\"dns://:0\",zone=\"example.test.\",rcode=\"NOERROR\",plugin=\"cache\"} 2")]
    [TestCase("coredns_dns_responses_total{server=\"dns://:0\",zone=\"example.test.\",rcode=\"NOERROR\",plugin=\"forward\"} 2")]
    [TestCase("coredns_cache_hits_total{server=\"dns://:0\",type=\"success\",zones=\"example.test.\"} 2")]
    [TestCase("coredns_cache_misses_total{server=\"dns://:0\",zones=\"example.test.\"} 2")]
    [TestCase("coredns_cache_entries{server=\"dns://:0\",type=\"success\",zones=\"example.test.\"} 2")]
    [TestCase("coredns_dns_request_duration_seconds_count{server=\"dns://:0\",zone=\"example.test.\",type=\"A\"} 4")]
    [TestCase("coredns_forward_healthcheck_broken_total 0")]
    [TestCase("coredns_dns_do_requests_total{server=\"dns://:0\",zone=\"example.test.\"} 1")]
    [TestCase("coredns_dns_request_size_bytes_count{server=\"dns://:0\",zone=\"example.test.\",proto=\"tcp\"} 1")]
    [TestCase("coredns_dns_response_size_bytes_count{server=\"dns://:0\",zone=\"example.test.\",proto=\"udp\"} 3")]
    public async Task Metrics_AfterQueries_HaveCoreDnsNamesAndValues(string line)
    {
        Assert.That((await _daemon.MetricsAsync()).Split('\n'), Does.Contain(line));
    }

    [TestCase("coredns_forward_requests_total")]
    [TestCase("coredns_forward_responses_total")]
    [TestCase("coredns_forward_request_duration_seconds_bucket")]
    [TestCase("dnscache_malformed_requests_total")]
    [TestCase("coredns_dns_request_size_bytes_bucket")]
    [TestCase("coredns_dns_response_size_bytes_bucket")]
    [TestCase("coredns_build_info")]
    [TestCase("coredns_proxy_request_duration_seconds_bucket")]
    [TestCase("coredns_proxy_conn_cache_misses_total")]
    public async Task Metrics_ForwardAndOwnSeries_AreExported(string name)
    {
        Assert.That(await _daemon.MetricsAsync(), Does.Contain("\n" + name + "{"));
    }

    // A loopback round trip takes tens to hundreds of microseconds. Timed with Environment.TickCount64 (1 ms ticks)
    // each was recorded as 0 or 0.001 s, so the histogram's sum was a whole number of milliseconds and its buckets
    // said nothing below 1 ms.
    [Test]
    public async Task Metrics_UpstreamRoundTrips_AreTimedFinerThanAMillisecond()
    {
        for (var i = 0; i < 20; i++)
        {
            await DigClient.QueryAsync(_daemon.Udp, $"rtt{i}.example.test");
        }

        var sum = await _daemon.MetricAsync("coredns_proxy_request_duration_seconds_sum");
        var count = await _daemon.MetricAsync("coredns_proxy_request_duration_seconds_count");
        Assert.Multiple(() =>
        {
            Assert.That(count, Is.GreaterThanOrEqualTo(20));
            Assert.That(sum, Is.GreaterThan(0));
            Assert.That(Math.Abs((sum * 1000) - Math.Round(sum * 1000)), Is.GreaterThan(1e-6), $"the sum, {sum} s, is a whole number of milliseconds");
        });
    }

    // What Prometheus client libraries export for every process (prometheus/client_golang's process collector).
    [TestCase("process_cpu_seconds_total ")]
    [TestCase("process_open_fds ")]
    [TestCase("process_max_fds ")]
    [TestCase("process_virtual_memory_bytes ")]
    [TestCase("process_resident_memory_bytes ")]
    [TestCase("process_start_time_seconds ")]
    [TestCase("coredns_panics_total ")]
    public async Task Metrics_ProcessSeries_AreExported(string prefix)
    {
        Assert.That((await _daemon.MetricsAsync()).Split('\n').Any(l => l.StartsWith(prefix, StringComparison.Ordinal)), Is.True, prefix);
    }

    // The stock node-local Corefile has several blocks on one address, each with its own cache: each exports its
    // own series, labelled with its block's zones as CoreDNS labels them (the cache's zones default to the block's).
    [Test]
    public async Task Metrics_CachesOfSeveralBlocks_HaveTheirOwnSeries()
    {
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            cluster.local:0 {
                bind 127.0.0.1
                cache 30
                forward . 127.0.0.1:{{_knot.Port}}
                prometheus 127.0.0.1:0
            }
            .:0 {
                bind 127.0.0.1
                cache 30
                forward . 127.0.0.1:{{_knot.Port}}
                prometheus 127.0.0.1:0
            }
            """);
        await DigClient.QueryAsync(daemon.Udp, "www.example.test");
        await DigClient.QueryAsync(daemon.Udp, "www.example.test");
        var lines = (await daemon.MetricsAsync()).Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines, Does.Contain("coredns_cache_hits_total{server=\"dns://127.0.0.1:0\",type=\"success\",zones=\".\"} 1"));
            Assert.That(lines, Does.Contain("coredns_cache_misses_total{server=\"dns://127.0.0.1:0\",zones=\"cluster.local.\"} 0"));
            Assert.That(lines.Count(l => l.StartsWith("coredns_cache_entries{", StringComparison.Ordinal)), Is.EqualTo(4), "success and denial of each block");
        });
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
