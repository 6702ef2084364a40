using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Directives.Log;

[CancelAfter(60_000)]
[Category(TestCategories.Peers)]
public sealed class QueryLogTests
{
    [Test]
    public async Task Log_Query_WritesCoreDnsCommonFormat()
    {
        var knot = await KnotFixture.SharedAsync();
        var logs = new ListLoggerProvider();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                log
                forward . 127.0.0.1:{{knot.Port}}
            }
            """, loggerFactory: logs);
        await DigClient.QueryAsync(daemon.Udp, "www.example.test", "AAAA");
        Assert.That(
            await Eventually.HoldsAsync(() => logs.Lines.Any(l => l.Contains("\"AAAA IN www.example.test. udp", StringComparison.Ordinal) && l.Contains("NOERROR qr,rd,ra", StringComparison.Ordinal)), TimeSpan.FromSeconds(5)),
            Is.True,
            string.Join("\n", logs.Lines));
    }

    [Test]
    public async Task Log_ClassDenial_SkipsSuccessfulAnswers()
    {
        var knot = await KnotFixture.SharedAsync();
        var logs = new ListLoggerProvider();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                log {
                    class denial
                }
                forward . 127.0.0.1:{{knot.Port}}
            }
            """, loggerFactory: logs);
        await DigClient.QueryAsync(daemon.Udp, "www.example.test");
        await DigClient.QueryAsync(daemon.Udp, "nothing-here.example.test");
        Assert.That(await Eventually.HoldsAsync(() => logs.Lines.Any(l => l.Contains("nothing-here", StringComparison.Ordinal)), TimeSpan.FromSeconds(5)), Is.True);
        Assert.That(logs.Lines.Any(l => l.Contains("www.example.test", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task Log_CustomFormat_ReplacesPlaceholders()
    {
        var knot = await KnotFixture.SharedAsync();
        var logs = new ListLoggerProvider();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                log . "{proto} {type} {name} {rcode} {remote}"
                forward . 127.0.0.1:{{knot.Port}}
            }
            """, loggerFactory: logs);
        await DigClient.QueryAsync(daemon.Udp, "www.example.test", "MX");
        Assert.That(
            await Eventually.HoldsAsync(() => logs.Lines.Any(l => l.EndsWith("udp MX www.example.test. NOERROR 127.0.0.1", StringComparison.Ordinal)), TimeSpan.FromSeconds(5)),
            Is.True,
            string.Join("\n", logs.Lines));
    }
}
