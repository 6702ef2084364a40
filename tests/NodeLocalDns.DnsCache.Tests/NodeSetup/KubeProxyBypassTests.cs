using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.DnsCache.Tests.NodeSetup;

/// <summary>
/// Why the rules exist: kube-proxy DNATs the kube-dns ClusterIP to CoreDNS before the packet is routed, so
/// a cache that merely binds that IP never sees a pod's query. With the NOTRACK rules (iptables raw table,
/// or our nftables table at priority raw) the query skips conntrack, so no DNAT, and the cache answers.
/// Shown on a node built from namespaces with a kube-proxy-like DNAT written in each of kube-proxy's
/// backends; who answered is told by the answer (CoreDNS says 10.96.0.1 for the API server, the cache's
/// template says 10.99.99.2).
/// </summary>
[Category(TestCategories.NetworkNamespaces)]
[Category(TestCategories.Processes)]
[Category(TestCategories.Peers)]
[CancelAfter(120_000)]
public sealed class KubeProxyBypassTests
{
    private const string Name = "kubernetes.default.svc.cluster.local";
    private const string FromCoreDns = "10.96.0.1";
    private const string FromCache = "10.99.99.2";

    private const string Corefile = $$"""
        .:53 {
            bind {{NodeLab.LocalDns}} {{NodeLab.KubeDns}}
            template IN A {{Name}} {
                answer "{{Name}}. 5 IN A {{FromCache}}"
            }
        }
        """;

    [TestCase("iptables", "-setupiptables")]
    [TestCase("iptables-nft", "-setupiptables")]
    [TestCase("nftables", "-setupnftables")]
    public async Task WithTheRules_ThePodsQueryForKubeDnsReachesTheCacheNotCoreDns(string proxyMode, string rulesFlag)
    {
        await using var lab = await NodeLab.CreateAsync(proxyMode);
        var instances = Directory.CreateTempSubdirectory("dnscache-instances-").FullName;
        try
        {
            Assert.That(await NodeDaemon.DigAsync(lab.Pod, NodeLab.KubeDns, Name), Is.EqualTo(new[] { FromCoreDns }),
                "before the cache, kube-proxy sends the query to CoreDNS");

            // The cache binds the ClusterIP but installs no rules: kube-proxy's DNAT still wins.
            await using (var withoutRules = await NodeDaemon.StartAsync(lab.Node, Corefile, instances,
                "-localip", $"{NodeLab.LocalDns},{NodeLab.KubeDns}", "-setupiptables=false", "-setupnftables=false"))
            {
                Assert.That(await NodeDaemon.DigAsync(lab.Pod, NodeLab.KubeDns, Name), Is.EqualTo(new[] { FromCoreDns }),
                    "without NOTRACK the cache never sees the query");
                Assert.That(await withoutRules.StopAsync(), Is.Zero);
            }

            await using var cache = await NodeDaemon.StartAsync(lab.Node, Corefile, instances, "-localip", $"{NodeLab.LocalDns},{NodeLab.KubeDns}", rulesFlag);
            Assert.That(await NodeDaemon.DigAsync(lab.Pod, NodeLab.KubeDns, Name), Is.EqualTo(new[] { FromCache }), cache.Process.Output);
            Assert.That(await NodeDaemon.DigAsync(lab.Node, NodeLab.KubeDns, Name), Is.EqualTo(new[] { FromCache }), "host-network clients too (raw OUTPUT)");

            Assert.That(await cache.StopAsync(), Is.Zero, cache.Process.Output);
            Assert.That(await NodeDaemon.DigAsync(lab.Pod, NodeLab.KubeDns, Name), Is.EqualTo(new[] { FromCoreDns }),
                "after the teardown kube-proxy's path works again");
        }
        finally
        {
            Directory.Delete(instances, recursive: true);
        }
    }
}
