using NodeLocalDns.DnsCache.NodeSetup;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Namespaces;

namespace NodeLocalDns.DnsCache.Tests.NodeSetup;

/// <summary>The iptables backend is the one the node uses, read from the rules already there (kube-proxy's iptables-wrappers rules).</summary>
[Category(TestCategories.NetworkNamespaces)]
[CancelAfter(60_000)]
public sealed class IptablesBackendTests
{
    [Test]
    public async Task KubeletsCanaryInNft_MeansNft()
    {
        await using var ns = await NetworkNamespace.CreateAsync("bknft");
        await ns.RunCheckedAsync("iptables-nft", "-t", "mangle", "-N", "KUBE-KUBELET-CANARY");
        // Even with more rules in legacy, kubelet's chain decides.
        await ns.RunCheckedAsync("iptables-legacy", "-A", "INPUT", "-j", "ACCEPT");
        await ns.RunCheckedAsync("iptables-legacy", "-A", "INPUT", "-j", "ACCEPT");

        var backend = await IptablesBackend.DetectAsync(new CommandRunner(TimeSpan.FromSeconds(20), ns.ExecPrefix), CancellationToken.None);

        Assert.That(backend.Mode, Is.EqualTo("nft"), backend.Reason);
    }

    [Test]
    public async Task KubeletsHintInLegacy_MeansLegacy()
    {
        await using var ns = await NetworkNamespace.CreateAsync("bkleg");
        await ns.RunCheckedAsync("iptables-legacy", "-t", "mangle", "-N", "KUBE-IPTABLES-HINT");

        var backend = await IptablesBackend.DetectAsync(new CommandRunner(TimeSpan.FromSeconds(20), ns.ExecPrefix), CancellationToken.None);

        Assert.That((backend.Mode, backend.Iptables, backend.Ip6tables), Is.EqualTo(("legacy", "iptables-legacy", "ip6tables-legacy")), backend.Reason);
    }

    [Test]
    public async Task WithoutKubelet_TheBackendWithMoreRulesWins_NftOtherwise()
    {
        await using var ns = await NetworkNamespace.CreateAsync("bkcount");
        var runner = new CommandRunner(TimeSpan.FromSeconds(20), ns.ExecPrefix);
        Assert.That((await IptablesBackend.DetectAsync(runner, CancellationToken.None)).Mode, Is.EqualTo("nft"), "an empty node defaults to nft");

        await ns.RunCheckedAsync("iptables-legacy", "-t", "nat", "-A", "PREROUTING", "-d", "10.96.0.10", "-j", "DNAT", "--to-destination", "10.0.0.1");
        Assert.That((await IptablesBackend.DetectAsync(runner, CancellationToken.None)).Mode, Is.EqualTo("legacy"));
    }
}
