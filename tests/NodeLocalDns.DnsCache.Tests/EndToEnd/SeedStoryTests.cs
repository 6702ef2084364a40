using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.DnsCache.Tests.EndToEnd;

/// <summary>
/// The story this project exists for, on a node built from namespaces with real routing, NAT and DNS servers.
/// CoreDNS's Corefile sends <c>some.corp</c> to a corporate server. With the stock addon (its template,
/// rendered at run time by the daemon exactly as node-cache does) every name outside the cluster goes to the
/// node's resolv.conf, the VPC resolver, which does not know <c>some.corp</c>: the stub domain silently breaks.
/// With the Corefile the operator renders from CoreDNS's own, started as the operator's DaemonSet starts the
/// daemon, <c>some.corp</c>, cluster names and external names all resolve through the cache.
/// </summary>
[Category(TestCategories.NetworkNamespaces)]
[Category(TestCategories.Processes)]
[Category(TestCategories.Peers)]
[CancelAfter(180_000)]
public sealed class SeedStoryTests
{
    private const string CoreDnsConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: coredns
          namespace: kube-system
        data:
          Corefile: |
            .:53 {
                errors
                health {
                   lameduck 5s
                }
                ready
                kubernetes cluster.local in-addr.arpa ip6.arpa {
                   pods insecure
                   fallthrough in-addr.arpa ip6.arpa
                   ttl 30
                }
                prometheus :9153
                forward . /etc/resolv.conf {
                   max_concurrent 1000
                }
                cache 30
                loop
                reload
                loadbalance
            }
            some.corp:53 {
                errors
                cache 30
                forward . 10.1.2.3
            }
        """;

    private const string Corp = "www.some.corp";
    private const string Cluster = "kubernetes.default.svc.cluster.local";
    private const string External = "www.external.test";

    [Test]
    public async Task TheStockTemplateLosesTheStubDomain_TheOperatorsCorefileKeepsIt()
    {
        await using var lab = await NodeLab.CreateAsync("iptables");
        var work = Directory.CreateTempSubdirectory("dnscache-seed-").FullName;
        try
        {
            // The stock addon: the manifest's sed fills the domain and the IPs, node-cache (here dnscache) the rest.
            var template = (await File.ReadAllTextAsync(TestData.Shared("corefiles", "kubernetes-nodelocaldns-addon.Corefile")))
                .Replace("__PILLAR__DNS__DOMAIN__", "cluster.local", StringComparison.Ordinal)
                .Replace("__PILLAR__LOCAL__DNS__", NodeLab.LocalDns, StringComparison.Ordinal)
                .Replace("__PILLAR__DNS__SERVER__", NodeLab.KubeDns, StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(work, "Corefile.base"), template);
            var kubelet = new Dictionary<string, string> { ["KUBE_DNS_UPSTREAM_SERVICE_HOST"] = NodeLab.KubeDnsUpstream };
            await using (var stock = await NodeDaemon.StartAsync(lab.Node, string.Empty, work, kubelet,
                "-localip", $"{NodeLab.LocalDns},{NodeLab.KubeDns}", "-basecorefile", Path.Combine(work, "Corefile.base"),
                "-upstreamsvc", "kube-dns-upstream", "-kubednscm", Path.Combine(work, "no-kube-dns")))
            {
                Assert.That(await NodeDaemon.DigAsync(lab.Pod, NodeLab.KubeDns, Cluster), Is.EqualTo(new[] { "10.96.0.1" }), stock.Process.Output);
                Assert.That(await NodeDaemon.DigAsync(lab.Pod, NodeLab.KubeDns, External), Is.EqualTo(new[] { "10.8.8.8" }));
                Assert.That(await NodeDaemon.DigAsync(lab.Pod, NodeLab.KubeDns, Corp), Is.Empty,
                    "the bug: some.corp went to the VPC resolver, which does not know it");
                Assert.That(await stock.StopAsync(), Is.Zero, stock.Process.Output);
            }

            // The operator's way: the Corefile rendered from CoreDNS's own, the daemon started as the DaemonSet starts it.
            var input = Path.Combine(work, "coredns.yaml");
            await File.WriteAllTextAsync(input, CoreDnsConfigMap);
            var render = await ProcessRunner.RunAsync(TestData.Repo("out", "operator", "nodelocal-operator"),
                ["render", "-f", input, "--cluster-dns-ip", NodeLab.KubeDns, "--upstream-ip", NodeLab.KubeDnsUpstream]);
            Assert.That(render.ExitCode, Is.Zero, render.Stderr);
            await using var ours = await NodeDaemon.StartAsync(lab.Node, render.Stdout, work,
                "-localip", $"{NodeLab.LocalDns},{NodeLab.KubeDns}", "-dns.port", "53", "-health-port", "8080", "-setupiptables", "-metrics-listen-address=");

            Assert.That(await NodeDaemon.DigAsync(lab.Pod, NodeLab.KubeDns, Corp), Is.EqualTo(new[] { "10.1.2.100" }), ours.Process.Output);
            Assert.That(await NodeDaemon.DigAsync(lab.Pod, NodeLab.KubeDns, Cluster), Is.EqualTo(new[] { "10.96.0.1" }));
            Assert.That(await NodeDaemon.DigAsync(lab.Pod, NodeLab.KubeDns, External), Is.EqualTo(new[] { "10.8.8.8" }));
            Assert.That(await NodeDaemon.DigAsync(lab.Pod, NodeLab.LocalDns, Corp), Is.EqualTo(new[] { "10.1.2.100" }), "on the link-local IP too");
            Assert.That(await NodeDaemon.RulesAsync(lab.Node, "iptables-legacy-save"), Has.Length.EqualTo(24),
                "the node's backend (kubelet's hint is in legacy)");
            Assert.That(await ours.StopAsync(), Is.Zero, ours.Process.Output);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
