using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Directives.Forward;

/// <summary>Upstream selection, failover, health checks and serve_stale, with real knotd upstreams that tests stop and start.</summary>
[CancelAfter(90_000)]
[Category(TestCategories.Peers)]
public sealed class ForwardingTests
{
    private KnotAuthoritativeServer _knot = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _knot = await KnotFixture.SharedAsync();

    [Test]
    public async Task Sequential_FirstUpstreamDead_SecondAnswers()
    {
        var dead = FreePort.Next();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                forward . 127.0.0.1:{{dead}} 127.0.0.1:{{_knot.Port}} {
                    policy sequential
                    health_check 100ms
                }
                prometheus 127.0.0.1:0
            }
            """);
        var result = await DigClient.QueryAsync(daemon.Udp, "www.example.test");
        Assert.That(result.Status, Is.EqualTo("NOERROR"));
        Assert.That(await daemon.MetricAsync("coredns_forward_requests_total", $"to=\"127.0.0.1:{_knot.Port}\""), Is.EqualTo(1));
    }

    [Test]
    public async Task HealthCheck_DeadUpstream_IsSkippedAfterMaxFailsAndComesBack()
    {
        var port = FreePort.Next();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                forward . 127.0.0.1:{{port}} 127.0.0.1:{{_knot.Port}} {
                    policy sequential
                    max_fails 2
                    health_check 100ms
                }
                prometheus 127.0.0.1:0
            }
            """);
        var dead = $"to=\"127.0.0.1:{port}\"";
        Assert.That((await DigClient.QueryAsync(daemon.Udp, "www.example.test")).Status, Is.EqualTo("NOERROR"));
        Assert.That(
            await Eventually.HoldsAsync(
                async () => await daemon.MetricAsync("coredns_forward_healthcheck_failures_total", dead) >= 2, TimeSpan.FromSeconds(10)),
            Is.True,
            "the health checker probes the dead upstream");
        var askedBefore = await daemon.MetricAsync("coredns_forward_requests_total", dead);
        for (var i = 0; i < 3; i++)
        {
            Assert.That((await DigClient.QueryAsync(daemon.Udp, $"n{i}.example.test")).Status, Is.EqualTo("NXDOMAIN"));
        }

        Assert.That(await daemon.MetricAsync("coredns_forward_requests_total", dead), Is.EqualTo(askedBefore), "a down upstream gets no queries");

        await using var revived = await KnotAuthoritativeServer.StartAsync(port: port);
        Assert.That(
            await Eventually.HoldsAsync(async () => (await DigClient.QueryAsync(daemon.Udp, $"back{Guid.NewGuid():N}.example.test")).Status == "NXDOMAIN" &&
                await daemon.MetricAsync("coredns_forward_requests_total", dead) > askedBefore, TimeSpan.FromSeconds(10)),
            Is.True,
            "once healthy, the first upstream is used again");
    }

    [Test]
    public async Task RoundRobin_TwoUpstreams_BothGetQueries()
    {
        await using var second = await KnotAuthoritativeServer.StartAsync();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                forward . 127.0.0.1:{{_knot.Port}} 127.0.0.1:{{second.Port}} {
                    policy round_robin
                }
                prometheus 127.0.0.1:0
            }
            """);
        for (var i = 0; i < 10; i++)
        {
            await DigClient.QueryAsync(daemon.Udp, $"rr{i}.example.test");
        }

        Assert.That(await daemon.MetricAsync("coredns_forward_requests_total", $"to=\"127.0.0.1:{_knot.Port}\""), Is.EqualTo(5));
        Assert.That(await daemon.MetricAsync("coredns_forward_requests_total", $"to=\"127.0.0.1:{second.Port}\""), Is.EqualTo(5));
    }

    [Test]
    public async Task AllUpstreamsDead_AnswersServFail()
    {
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                errors
                forward . 127.0.0.1:{{FreePort.Next()}}
            }
            """);
        Assert.That((await DigClient.QueryAsync(daemon.Udp, "www.example.test")).Status, Is.EqualTo("SERVFAIL"));
    }

    [TestCase("immediate")]
    [TestCase("verify")]
    public async Task ServeStale_UpstreamStopped_ExpiredEntryIsServedWithTtlZero(string mode)
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var upstream = await KnotAuthoritativeServer.StartAsync();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                cache 30 {
                    serve_stale 1h {{mode}}
                }
                forward . 127.0.0.1:{{upstream.Port}}
                prometheus 127.0.0.1:0
            }
            """, time);
        Assert.That((await DigClient.QueryAsync(daemon.Udp, "www.example.test")).AnswerTtls, Is.All.EqualTo(30));
        await upstream.StopAsync();
        time.Advance(TimeSpan.FromMinutes(5));
        var stale = await DigClient.QueryAsync(daemon.Udp, "www.example.test");
        Assert.Multiple(async () =>
        {
            Assert.That(stale.Status, Is.EqualTo("NOERROR"));
            Assert.That(stale.AnswerSet, Has.Count.EqualTo(2));
            Assert.That(stale.AnswerTtls, Is.All.EqualTo(0));
            Assert.That(await daemon.MetricAsync("coredns_cache_served_stale_total"), Is.EqualTo(1));
        });
    }

    // Two daemons chained, like CoreDNS's test/cache_test.go: the second one's request metrics show which
    // transport the first one used.
    [TestCase("force_tcp", "www", 0, 1)]
    [TestCase("prefer_udp", "www", 1, 0)]
    [TestCase("prefer_udp", "big", 1, 1)]
    public async Task Transport_SeenByTheUpstream_FollowsTheOptionAndTruncation(string option, string name, int udp, int tcp)
    {
        await using var upstream = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                forward . 127.0.0.1:{{_knot.Port}}
                prometheus 127.0.0.1:0
            }
            """);
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                forward . 127.0.0.1:{{upstream.Udp.Port}} {
                    {{option}}
                }
            }
            """);
        var answer = RawDns.Parse(await RawDns.TcpAsync(daemon.Tcp, RawDns.Query($"{name}.example.test", type: 16)));
        Assert.That(answer.ReturnCode, Is.EqualTo(ARSoft.Tools.Net.Dns.ReturnCode.NoError));
        Assert.That(await upstream.MetricAsync("coredns_dns_requests_total", "proto=\"udp\""), Is.EqualTo(udp));
        Assert.That(await upstream.MetricAsync("coredns_dns_requests_total", "proto=\"tcp\""), Is.EqualTo(tcp));
    }

    [Test]
    public async Task ServeStale_UpstreamBack_FreshAnswerReplacesTheStaleOne()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var upstream = await KnotAuthoritativeServer.StartAsync();
        var port = upstream.Port;
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                cache 30 {
                    serve_stale 1h
                }
                forward . 127.0.0.1:{{port}}
            }
            """, time);
        await DigClient.QueryAsync(daemon.Udp, "www.example.test");
        await upstream.DisposeAsync();
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.That((await DigClient.QueryAsync(daemon.Udp, "www.example.test")).AnswerTtls, Is.All.EqualTo(0));
        await using var back = await KnotAuthoritativeServer.StartAsync(port: port);
        Assert.That(
            await Eventually.HoldsAsync(
                async () => (await DigClient.QueryAsync(daemon.Udp, "www.example.test")).AnswerTtls.All(t => t == 30),
                TimeSpan.FromSeconds(10)),
            Is.True,
            "after a failed background refresh, a later stale hit refreshes again");
    }

    [Test]
    public async Task Except_ExcludedName_IsNotForwarded()
    {
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                forward . 127.0.0.1:{{_knot.Port}} {
                    except internal.example.test
                }
            }
            """);
        Assert.That((await DigClient.QueryAsync(daemon.Udp, "a.internal.example.test")).Status, Is.EqualTo("REFUSED"));
        Assert.That((await DigClient.QueryAsync(daemon.Udp, "www.example.test")).Status, Is.EqualTo("NOERROR"));
    }

    [Test]
    public async Task ResolvConfTarget_NameserversAreUsed()
    {
        var file = Path.Combine(Path.GetTempPath(), $"resolv-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, "search example.test\nnameserver 127.0.0.1\n");
        try
        {
            // resolv.conf names port 53 only; check that the file is read (the daemon starts and forwards there).
            await using var daemon = await DaemonUnderTest.StartAsync($$"""
                example.test:0 {
                    forward . {{file}}
                    prometheus 127.0.0.1:0
                }
                """);
            await DigClient.QueryAsync(daemon.Udp, "www.example.test");
            Assert.That(await daemon.MetricAsync("coredns_forward_requests_total", "to=\"127.0.0.1:53\""), Is.GreaterThanOrEqualTo(1));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
