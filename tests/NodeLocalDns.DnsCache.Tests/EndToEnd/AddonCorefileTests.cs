using System.Text.RegularExpressions;
using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.EndToEnd;

/// <summary>
/// The NodeLocal DNSCache addon Corefile (as in dnscache/README.md) runs unchanged but for the addresses:
/// the link-local and kube-dns IPs become 127.0.0.1, port 53 a free port, the kube-dns-upstream IP a knotd
/// serving cluster.local, the metrics and health ports free ones.
/// </summary>
[CancelAfter(60_000)]
[Category(TestCategories.Peers)]
public sealed partial class AddonCorefileTests
{
    private const string ClusterZone = """
        $ORIGIN cluster.local.
        $TTL 30
        @ 30 IN SOA ns.dns hostmaster 1 7200 1800 86400 30
        @ IN NS ns.dns
        ns.dns IN A 10.96.0.10
        api.default.svc IN A 10.96.0.1
        """;

    [Test]
    public async Task AddonCorefile_ClusterNamesResolveOverForcedTcp_AndTheRestIsServed()
    {
        await using var knot = await KnotAuthoritativeServer.StartAsync(extraZones: new Dictionary<string, string> { ["cluster.local"] = ClusterZone });
        var port = FreePort.Next();
        var resolv = Path.Combine(Path.GetTempPath(), $"resolv-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(resolv, "nameserver 127.0.0.1\n");
        var readme = await File.ReadAllTextAsync(TestData.Repo("dnscache", "README.md"));
        var addon = AddonBlock().Match(readme).Groups[1].Value;
        Assert.That(addon, Does.Contain("cluster.local:53"));
        var corefile = addon
            .Replace("bind 169.254.20.10 10.96.0.10", "bind 127.0.0.1", StringComparison.Ordinal)
            .Replace(":53 {", $":{port} {{", StringComparison.Ordinal)
            .Replace("forward . 10.96.0.11", $"forward . {knot.Endpoint}", StringComparison.Ordinal)
            .Replace("/etc/resolv.conf", resolv, StringComparison.Ordinal)
            .Replace("prometheus :9253", "prometheus 127.0.0.1:0", StringComparison.Ordinal)
            .Replace("health 169.254.20.10:8080", "health 127.0.0.1:0", StringComparison.Ordinal);
        try
        {
            await using var daemon = await DaemonUnderTest.StartAsync(corefile);
            var api = await DigClient.QueryAsync(daemon.Udp, "api.default.svc.cluster.local");
            Assert.That(api.AnswerSet, Is.EqualTo(new[] { "api.default.svc.cluster.local. IN A 10.96.0.1" }));
            var missing = await DigClient.QueryAsync(daemon.Udp, "nope.default.svc.cluster.local");
            Assert.That(missing.Status, Is.EqualTo("NXDOMAIN"));
            Assert.That(
                await daemon.MetricAsync("coredns_dns_requests_total", "zone=\"cluster.local.\",proto=\"udp\",family=\"1\",type=\"A\""),
                Is.EqualTo(2),
                "the loop probe is an HINFO query");
            Assert.That(await daemon.MetricAsync("coredns_cache_entries", "type=\"success\""), Is.GreaterThanOrEqualTo(1));
            Assert.That(daemon.Host.Stopped.IsCompleted, Is.False, "no loop detected");
            using var http = new HttpClient();
            var health = new Uri($"http://{DaemonUnderTest.Loopback(daemon.Host.HttpEndpoint("/health")!)}/health");
            Assert.That(await http.GetStringAsync(health), Is.EqualTo("OK"));
        }
        finally
        {
            File.Delete(resolv);
        }
    }

    [GeneratedRegex("## The node-local-dns addon Corefile\\s+```corefile\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex AddonBlock();
}
