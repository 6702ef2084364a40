using System.Net;
using NodeLocalDns.DnsCache.NodeSetup;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Namespaces;

namespace NodeLocalDns.DnsCache.Tests.NodeSetup;

/// <summary>The native nftables table for kube-proxy's nftables mode, written with the real nft in the test's own namespace.</summary>
[Category(TestCategories.NetworkNamespaces)]
[CancelAfter(60_000)]
public sealed class NftablesRulesTests
{
    // nft's own listing of the table for 169.254.20.10 and fd00::a (written by hand).
    private const string Expected = """
        table inet nodelocaldns {
        	chain raw-prerouting {
        		type filter hook prerouting priority raw; policy accept;
        		ip daddr 169.254.20.10 tcp dport 53 notrack comment "NodeLocal DNS Cache: skip conntrack"
        		ip daddr 169.254.20.10 udp dport 53 notrack comment "NodeLocal DNS Cache: skip conntrack"
        		ip6 daddr fd00::a tcp dport 53 notrack comment "NodeLocal DNS Cache: skip conntrack"
        		ip6 daddr fd00::a udp dport 53 notrack comment "NodeLocal DNS Cache: skip conntrack"
        	}

        	chain filter-input {
        		type filter hook input priority filter; policy accept;
        		ip daddr 169.254.20.10 tcp dport 53 accept comment "NodeLocal DNS Cache: allow DNS traffic"
        		ip daddr 169.254.20.10 udp dport 53 accept comment "NodeLocal DNS Cache: allow DNS traffic"
        		ip6 daddr fd00::a tcp dport 53 accept comment "NodeLocal DNS Cache: allow DNS traffic"
        		ip6 daddr fd00::a udp dport 53 accept comment "NodeLocal DNS Cache: allow DNS traffic"
        	}

        	chain raw-output {
        		type filter hook output priority raw; policy accept;
        		ip saddr 169.254.20.10 tcp sport 53 notrack comment "NodeLocal DNS Cache: skip conntrack"
        		ip saddr 169.254.20.10 udp sport 53 notrack comment "NodeLocal DNS Cache: skip conntrack"
        		ip daddr 169.254.20.10 tcp dport 53 notrack comment "NodeLocal DNS Cache: skip conntrack"
        		ip daddr 169.254.20.10 udp dport 53 notrack comment "NodeLocal DNS Cache: skip conntrack"
        		ip daddr 169.254.20.10 tcp dport 8080 notrack comment "NodeLocal DNS Cache: skip conntrack"
        		ip saddr 169.254.20.10 tcp sport 8080 notrack comment "NodeLocal DNS Cache: skip conntrack"
        		ip6 saddr fd00::a tcp sport 53 notrack comment "NodeLocal DNS Cache: skip conntrack"
        		ip6 saddr fd00::a udp sport 53 notrack comment "NodeLocal DNS Cache: skip conntrack"
        		ip6 daddr fd00::a tcp dport 53 notrack comment "NodeLocal DNS Cache: skip conntrack"
        		ip6 daddr fd00::a udp dport 53 notrack comment "NodeLocal DNS Cache: skip conntrack"
        		ip6 daddr fd00::a tcp dport 8080 notrack comment "NodeLocal DNS Cache: skip conntrack"
        		ip6 saddr fd00::a tcp sport 8080 notrack comment "NodeLocal DNS Cache: skip conntrack"
        	}

        	chain filter-output {
        		type filter hook output priority filter; policy accept;
        		ip saddr 169.254.20.10 tcp sport 53 accept comment "NodeLocal DNS Cache: allow DNS traffic"
        		ip saddr 169.254.20.10 udp sport 53 accept comment "NodeLocal DNS Cache: allow DNS traffic"
        		ip6 saddr fd00::a tcp sport 53 accept comment "NodeLocal DNS Cache: allow DNS traffic"
        		ip6 saddr fd00::a udp sport 53 accept comment "NodeLocal DNS Cache: allow DNS traffic"
        	}
        }

        """;

    private static NftablesRules Rules(NetworkNamespace ns) =>
        new(DnsTrafficRule.NodeCacheRules([IPAddress.Parse("169.254.20.10"), IPAddress.Parse("fd00::a")], 53, 8080),
            new CommandRunner(TimeSpan.FromSeconds(20), ns.ExecPrefix));

    [Test]
    public async Task Ensure_WritesTheTable_RepairsIt_AndRemoveDeletesIt()
    {
        await using var ns = await NetworkNamespace.CreateAsync("nft");
        var rules = Rules(ns);

        var first = await rules.EnsureAsync(CancellationToken.None);
        Assert.That(first.Error, Is.Null);
        Assert.That(await ns.RunCheckedAsync("nft", "list", "ruleset"), Is.EqualTo(Expected.ReplaceLineEndings("\n")));
        Assert.That((await rules.EnsureAsync(CancellationToken.None)).Added, Is.Empty, "nothing to do when all is there");

        var handle = (await ns.RunCheckedAsync("nft", "-a", "list", "chain", "inet", "nodelocaldns", "raw-prerouting"))
            .Split('\n')
            .First(l => l.Contains("udp dport 53", StringComparison.Ordinal) && l.Contains("169.254.20.10", StringComparison.Ordinal))
            .Split("# handle ")[1].Trim();
        await ns.RunCheckedAsync("nft", "delete", "rule", "inet", "nodelocaldns", "raw-prerouting", "handle", handle);
        var repair = await rules.EnsureAsync(CancellationToken.None);
        Assert.That(repair.Added.Select(r => r.ToString()), Is.EqualTo(new[] { "raw/PREROUTING -p udp -d 169.254.20.10 --dport 53 -j NOTRACK" }));

        await ns.RunCheckedAsync("nft", "delete", "table", "inet", "nodelocaldns");
        Assert.That((await rules.EnsureAsync(CancellationToken.None)).Added, Has.Count.EqualTo(24), "a deleted table comes back whole");

        Assert.That((await rules.RemoveAsync(CancellationToken.None)).Error, Is.Null);
        Assert.That(await ns.RunCheckedAsync("nft", "list", "ruleset"), Is.Empty);
        Assert.That((await rules.RemoveAsync(CancellationToken.None)).Error, Is.Null, "removing a missing table is not an error");
    }

    [Test]
    public async Task TwoInstancesWithDifferentHealthPorts_AddTheirRulesBesideEachOther()
    {
        await using var ns = await NetworkNamespace.CreateAsync("nftsurge");
        var runner = new CommandRunner(TimeSpan.FromSeconds(20), ns.ExecPrefix);
        var old = new NftablesRules(DnsTrafficRule.NodeCacheRules([IPAddress.Parse("169.254.20.10")], 53, 8080), runner);
        var next = new NftablesRules(DnsTrafficRule.NodeCacheRules([IPAddress.Parse("169.254.20.10")], 53, 8081), runner);

        await old.EnsureAsync(CancellationToken.None);
        Assert.That((await next.EnsureAsync(CancellationToken.None)).Added, Has.Count.EqualTo(2), "only the new health-port rules");
        Assert.That((await old.EnsureAsync(CancellationToken.None)).Added, Is.Empty, "the old instance does not fight the new one");
    }
}
