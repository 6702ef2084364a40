using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Namespaces;

namespace NodeLocalDns.DnsCache.Tests.NodeSetup;

/// <summary>
/// The published daemon on a node (a namespace of the test's own), started as the DaemonSet starts it:
/// it creates the interface, installs the rules once it serves, puts back what is removed within one sync
/// interval, and removes everything on SIGTERM unless told to keep it.
/// </summary>
[Category(TestCategories.NetworkNamespaces)]
[Category(TestCategories.Processes)]
[CancelAfter(120_000)]
public sealed class DaemonOnNodeTests
{
    private const string Corefile = """
        .:53 {
            bind 169.254.20.10 10.96.0.10
            prometheus 127.0.0.1:9253
            template IN A who.test {
                answer "who.test. 60 IN A 10.99.99.2"
            }
        }
        """;

    private string _instances = null!;

    [SetUp]
    public void CreateRegistry() => _instances = Directory.CreateTempSubdirectory("dnscache-instances-").FullName;

    [TearDown]
    public void DeleteRegistry() => Directory.Delete(_instances, recursive: true);

    // kubelet leaves a hint chain in the backend it uses; the daemon must follow it.
    [TestCase("legacy", "KUBE-IPTABLES-HINT")]
    [TestCase("nft", "KUBE-KUBELET-CANARY")]
    public async Task IptablesMode_SetsUpServesRepairsAndTearsDown(string mode, string kubeletChain)
    {
        await using var node = await NetworkNamespace.CreateAsync("node" + mode);
        await node.RunCheckedAsync($"iptables-{mode}", "-t", "mangle", "-N", kubeletChain);
        await using var daemon = await NodeDaemon.StartAsync(node, Corefile, _instances,
            "-localip", "169.254.20.10,10.96.0.10", "-syncinterval", "1", "-metrics-listen-address", "127.0.0.1:9353");

        Assert.That(await NodeDaemon.DigAsync(node, "169.254.20.10", "who.test"), Is.EqualTo(new[] { "10.99.99.2" }));
        Assert.That(await NodeDaemon.DigAsync(node, "10.96.0.10", "who.test"), Is.EqualTo(new[] { "10.99.99.2" }));
        Assert.That(await NodeDaemon.RulesAsync(node, $"iptables-{mode}-save"), Is.EqualTo(NodeCacheRuleLines.For("169.254.20.10", "10.96.0.10")));
        Assert.That(await NodeDaemon.RulesAsync(node, mode == "legacy" ? "iptables-nft-save" : "iptables-legacy-save"), Is.Empty,
            "the other backend stays untouched");
        var metrics = await node.RunCheckedAsync("curl", "-s", "http://127.0.0.1:9353/metrics");
        Assert.That(metrics, Does.Contain("coredns_nodecache_setup_errors_total{errortype=\"iptables\"} 0"));
        Assert.That(metrics, Does.Contain("coredns_nodecache_setup_errors_total{errortype=\"interface_add\"} 0"));
        Assert.That(File.ReadAllText(Path.Combine(daemon.Directory, "pid")).Trim(),
            Is.EqualTo(daemon.Process.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        // Someone removes a rule and an address: both are back within one sync interval.
        await node.RunCheckedAsync($"iptables-{mode}", "-t", "raw", "-D", "PREROUTING", "-p", "udp", "-d", "10.96.0.10", "--dport", "53",
            "-j", "NOTRACK", "-m", "comment", "--comment", "NodeLocal DNS Cache: skip conntrack");
        await node.RunCheckedAsync("ip", "addr", "del", "10.96.0.10/32", "dev", "nodelocaldns");
        Assert.That(
            await NodeDaemon.EventuallyAsync(
                async () => (await NodeDaemon.RulesAsync(node, $"iptables-{mode}-save"))
                    .SequenceEqual(NodeCacheRuleLines.For("169.254.20.10", "10.96.0.10")),
                TimeSpan.FromSeconds(5)),
            Is.True,
            daemon.Process.Output);
        Assert.That(
            await NodeDaemon.EventuallyAsync(
                async () => (await node.RunCheckedAsync("ip", "addr", "show", "dev", "nodelocaldns"))
                    .Contains("10.96.0.10/32", StringComparison.Ordinal),
                TimeSpan.FromSeconds(5)),
            Is.True);
        Assert.That(daemon.Process.Output, Does.Contain("Added back nodelocaldns rule - raw/PREROUTING -p udp -d 10.96.0.10 --dport 53 -j NOTRACK"));

        Assert.That(await daemon.StopAsync(), Is.Zero, daemon.Process.Output);
        Assert.That(await NodeDaemon.RulesAsync(node, $"iptables-{mode}-save"), Is.Empty, daemon.Process.Output);
        Assert.That(await NodeDaemon.HasInterfaceAsync(node, "nodelocaldns"), Is.False);
    }

    [Test]
    public async Task NftablesMode_KeepsItsOwnTable()
    {
        await using var node = await NetworkNamespace.CreateAsync("nodenft");
        await using var daemon = await NodeDaemon.StartAsync(node, Corefile, _instances,
            "-localip", "169.254.20.10,10.96.0.10", "-setupnftables", "-syncinterval", "1", "-metrics-listen-address=");

        var table = await node.RunCheckedAsync("nft", "list", "table", "inet", "nodelocaldns");
        Assert.That(table, Does.Contain("ip daddr 10.96.0.10 udp dport 53 notrack comment \"NodeLocal DNS Cache: skip conntrack\""));
        Assert.That(await NodeDaemon.RulesAsync(node, "iptables-nft-save"), Is.Empty, "no iptables rules in nftables mode");
        Assert.That(await NodeDaemon.DigAsync(node, "10.96.0.10", "who.test"), Is.EqualTo(new[] { "10.99.99.2" }));

        // As the operator runs it: no extra listener, the set-up errors beside the DNS metrics.
        Assert.That((await node.RunAsync("curl", "-s", "http://127.0.0.1:9353/metrics")).ExitCode, Is.Not.Zero, "-metrics-listen-address= keeps 9353 closed");
        Assert.That(await node.RunCheckedAsync("curl", "-s", "http://127.0.0.1:9253/metrics"),
            Does.Contain("coredns_nodecache_setup_errors_total{errortype=\"nftables\"} 0"));

        await node.RunCheckedAsync("nft", "delete", "table", "inet", "nodelocaldns");
        Assert.That(
            await NodeDaemon.EventuallyAsync(
                async () => (await node.RunAsync("nft", "list", "table", "inet", "nodelocaldns")).ExitCode == 0, TimeSpan.FromSeconds(5)),
            Is.True,
            daemon.Process.Output);

        Assert.That(await daemon.StopAsync(), Is.Zero, daemon.Process.Output);
        Assert.That(await node.RunCheckedAsync("nft", "list", "ruleset"), Is.Empty);
    }

    [Test]
    public async Task Ipv6LocalIp_GetsIp6tablesRulesAndServes()
    {
        await using var node = await NetworkNamespace.CreateAsync("node6");
        const string corefile = """
            .:53 {
                bind fd00::a
                template IN A who.test {
                    answer "who.test. 60 IN A 10.99.99.2"
                }
            }
            """;
        await using var daemon = await NodeDaemon.StartAsync(node, corefile, _instances, "-localip", "fd00::a");

        Assert.That(await NodeDaemon.DigAsync(node, "fd00::a", "who.test"), Is.EqualTo(new[] { "10.99.99.2" }));
        var backend = (await NodeDaemon.RulesAsync(node, "ip6tables-nft-save")).Length > 0 ? "nft" : "legacy";
        Assert.That(await NodeDaemon.RulesAsync(node, $"ip6tables-{backend}-save"), Is.EqualTo(NodeCacheRuleLines.For("fd00::a")));

        Assert.That(await daemon.StopAsync(), Is.Zero, daemon.Process.Output);
        Assert.That(await NodeDaemon.RulesAsync(node, $"ip6tables-{backend}-save"), Is.Empty);
    }

    [Test]
    public async Task SkipTeardown_LeavesInterfaceAndRules()
    {
        await using var node = await NetworkNamespace.CreateAsync("nodeskip");
        await using var daemon = await NodeDaemon.StartAsync(node, Corefile, _instances, "-localip", "169.254.20.10,10.96.0.10", "-skipteardown");

        Assert.That(await daemon.StopAsync(), Is.Zero, daemon.Process.Output);

        Assert.That(await NodeDaemon.RulesAsync(node, "iptables-nft-save"), Has.Length.EqualTo(24));
        Assert.That(await NodeDaemon.HasInterfaceAsync(node, "nodelocaldns"), Is.True);
        Assert.That(daemon.Process.Output, Does.Contain("-skipteardown"));
    }

    [Test]
    public async Task AnAddressNotOnTheNode_IsNamedAndNothingIsInstalled()
    {
        await using var node = await NetworkNamespace.CreateAsync("nodebind");
        var conf = Path.Combine(_instances, "Corefile");
        await File.WriteAllTextAsync(conf, Corefile);

        var result = await node.RunAsync(NodeDaemon.Binary,
            "-localip", "169.254.20.10,10.96.0.10", "-setupinterface=false", "-conf", conf, "-instancedir", _instances);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stderr.Trim(), Does.EndWith(
            "dnscache: cannot start: 169.254.20.10:53/udp: address not on this node; " +
            "run with -localip 169.254.20.10 (and -setupinterface, the default) or add it to an interface"));
        Assert.That(await NodeDaemon.RulesAsync(node, "iptables-nft-save"), Is.Empty, "rules come only once DNS is served");
        Assert.That(await NodeDaemon.RulesAsync(node, "iptables-legacy-save"), Is.Empty);
    }
}
