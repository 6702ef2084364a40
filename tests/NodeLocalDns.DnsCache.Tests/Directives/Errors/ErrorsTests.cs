using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Directives.Errors;

[CancelAfter(60_000)]
[Category(TestCategories.Peers)]
public sealed class ErrorsTests
{
    [Test]
    public async Task Errors_DeadUpstream_LogsTheServfail()
    {
        var logs = new ListLoggerProvider();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                errors
                forward . 127.0.0.1:{{FreePort.Next()}}
            }
            """, loggerFactory: logs);
        await DigClient.QueryAsync(daemon.Udp, "www.example.test");
        Assert.That(
            await Eventually.HoldsAsync(() => logs.Lines.Any(l => l.Contains("[ERROR] plugin/errors: SERVFAIL www.example.test. A", StringComparison.Ordinal)), TimeSpan.FromSeconds(5)),
            Is.True,
            string.Join("\n", logs.Lines));
    }

    [Test]
    public async Task Errors_Consolidate_LogsOneLinePerPeriod()
    {
        var logs = new ListLoggerProvider();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                errors {
                    consolidate 1s ".* i/o timeout$|refused|ConnectionRefused"
                }
                forward . 127.0.0.1:{{FreePort.Next()}}
            }
            """, loggerFactory: logs);
        for (var i = 0; i < 3; i++)
        {
            await DigClient.QueryAsync(daemon.Udp, $"n{i}.example.test");
        }

        Assert.That(
            await Eventually.HoldsAsync(() => logs.Lines.Any(l => l.Contains("3 errors like", StringComparison.Ordinal)), TimeSpan.FromSeconds(5)),
            Is.True,
            string.Join("\n", logs.Lines));
        Assert.That(logs.Lines.Count(l => l.Contains("plugin/errors: SERVFAIL", StringComparison.Ordinal)), Is.Zero);
    }
}
