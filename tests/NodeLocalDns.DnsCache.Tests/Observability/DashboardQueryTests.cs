using System.Text.RegularExpressions;
using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Observability;

/// <summary>
/// Every panel query of the node-local-dns Grafana dashboard most clusters import (the deliveryhero chart's, its
/// queries written down in node-local-dns-dashboard.queries) finds series in the daemon's exposition, with the
/// addon Corefile's shape after UDP, TCP and DO queries. A selector finds series when a line of the exposition
/// has its metric name and every label it matches for equality; <c>instance</c> and <c>job</c> are Prometheus's
/// target labels. An <c>or</c> finds series when one side does.
/// </summary>
[CancelAfter(60_000)]
[Category(TestCategories.Peers)]
public sealed partial class DashboardQueryTests
{
    private DaemonUnderTest _daemon = null!;
    private string[] _series = [];

    public static IEnumerable<TestCaseData> PanelTargets() =>
        File.ReadAllLines(TestData.Repo("tests", "NodeLocalDns.DnsCache.Tests", "Observability", "node-local-dns-dashboard.queries"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(f => new TestCaseData(f[0], f[1], f[2]).SetName($"Panel {f[0]} target {f[1]} returns series"));

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var knot = await KnotFixture.SharedAsync();
        _daemon = await DaemonUnderTest.StartAsync($$"""
            cluster.local:0 {
                bind 127.0.0.1
                cache {
                    success 9984 30
                    denial 9984 5
                }
                forward . 127.0.0.1:{{knot.Port}}
                prometheus 127.0.0.1:0
            }
            .:0 {
                bind 127.0.0.1
                cache 30
                forward . 127.0.0.1:{{knot.Port}}
                prometheus 127.0.0.1:0
            }
            """);
        await DigClient.QueryAsync(_daemon.Udp, "www.example.test");
        await DigClient.QueryAsync(_daemon.Udp, "www.example.test");
        await DigClient.QueryAsync(_daemon.Udp, "www.example.test", "AAAA", "+tcp");
        await DigClient.QueryAsync(_daemon.Udp, "www.example.test", "A", "+dnssec");
        await DigClient.QueryAsync(_daemon.Udp, "nothing.example.test");
        await DigClient.QueryAsync(_daemon.Udp, "svc.default.svc.cluster.local");
        _series = (await _daemon.MetricsAsync()).Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _daemon.DisposeAsync();

    [TestCaseSource(nameof(PanelTargets))]
    public void PanelQuery_FindsSeries(string panel, string refId, string expression)
    {
        var sides = expression.Split(" or ", StringSplitOptions.TrimEntries);
        Assert.That(sides.Any(FindsSeries), Is.True, $"{panel} {refId}: {expression}");
    }

    private bool FindsSeries(string expression)
    {
        var selectors = SelectorPattern().Matches(expression);
        Assert.That(selectors, Is.Not.Empty, expression);
        return selectors.All(selector =>
        {
            var name = selector.Groups[1].Value;
            var wanted = MatcherPattern().Matches(selector.Groups[2].Value)
                .Where(m => m.Groups[2].Value == "=" && m.Groups[1].Value is not ("instance" or "job"))
                .Select(m => $"{m.Groups[1].Value}=\"{m.Groups[3].Value}\"")
                .ToList();
            return _series.Any(line =>
                (line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal)) &&
                wanted.All(label => line.Contains(label, StringComparison.Ordinal)));
        });
    }

    [GeneratedRegex(@"([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}")]
    private static partial Regex SelectorPattern();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!=|!~|=)\s*"([^"]*)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex MatcherPattern();
}
