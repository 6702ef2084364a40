using System.Text.RegularExpressions;
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
            await Eventually.HoldsAsync(
                () => logs.Lines.Any(l => l.Contains("[ERROR] plugin/errors: 2 www.example.test. A: ", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(5)),
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
        Assert.That(logs.Lines.Count(l => l.Contains("plugin/errors: 2 ", StringComparison.Ordinal)), Is.Zero);
    }

    // A flood of failures (a dead upstream under load) wrote one line each, thousands a second. Lines past the
    // budget are counted and the count logged, so the log says how many there were without drowning the node.
    [Test]
    public async Task Errors_ManyFailures_AreRateLimitedAndCounted()
    {
        var logs = new ListLoggerProvider();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                errors
                forward . 127.0.0.1:{{FreePort.Next()}} {
                    max_fails 0
                }
            }
            """, loggerFactory: logs);
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => RawDns.UdpAsync(daemon.Udp, RawDns.Query($"n{i}.example.test"))));
        var summary = new Regex(@"plugin/errors: ([0-9]+) more errors not logged");
        Assert.That(
            await Eventually.HoldsAsync(
                () => logs.Lines.Count(l => l.Contains("plugin/errors: 2 ", StringComparison.Ordinal)) +
                      logs.Lines.Select(l => summary.Match(l)).Where(m => m.Success)
                          .Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) == 200,
                TimeSpan.FromSeconds(10)),
            Is.True,
            "every failure is logged or counted:\n" + string.Join("\n", logs.Lines));
        Assert.That(
            logs.Lines.Count(l => l.Contains("plugin/errors: 2 ", StringComparison.Ordinal)),
            Is.LessThanOrEqualTo(40),
            "a few lines a second, not one per failure");
    }
}
