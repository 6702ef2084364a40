using System.Net;
using NodeLocalDns.DnsCache.NodeSetup;
using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Namespaces;

namespace NodeLocalDns.DnsCache.Tests.NodeSetup;

/// <summary>node-cache's rules written with the real iptables, legacy and nft, IPv4 and IPv6, in the test's own namespace.</summary>
[Category(TestCategories.NetworkNamespaces)]
[CancelAfter(120_000)]
public sealed class IptablesRulesTests
{
    private static IptablesBackend Backend(string mode) => new(mode, $"iptables-{mode}", $"ip6tables-{mode}", "test");

    private static async Task<string[]> RulesAsync(NetworkNamespace ns, string save) =>
        [.. (await ns.RunCheckedAsync(save)).Split('\n').Where(l => l.StartsWith("-A ", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    [TestCase("legacy")]
    [TestCase("nft")]
    public async Task Ensure_InstallsExactlyNodeCachesRules_RepairsAndTearsDown(string mode)
    {
        await using var ns = await NetworkNamespace.CreateAsync("ipt" + mode);
        var rules = new IptablesRules(Backend(mode), DnsTrafficRule.NodeCacheRules([IPAddress.Parse("169.254.20.10")], 53, 8080),
            new CommandRunner(TimeSpan.FromSeconds(20), ns.ExecPrefix));

        var first = await rules.EnsureAsync(CancellationToken.None);
        Assert.That(first.Error, Is.Null);
        Assert.That(first.Added, Has.Count.EqualTo(12));
        Assert.That(await RulesAsync(ns, $"iptables-{mode}-save"), Is.EqualTo(NodeCacheRuleLines.For("169.254.20.10")));

        // Someone deletes a rule (and someone else adds a copy of another): the next pass repairs both.
        await ns.RunCheckedAsync($"iptables-{mode}", "-t", "raw", "-D", "PREROUTING", "-p", "udp", "-d", "169.254.20.10", "--dport", "53",
            "-j", "NOTRACK", "-m", "comment", "--comment", "NodeLocal DNS Cache: skip conntrack");
        await ns.RunCheckedAsync($"iptables-{mode}", "-t", "filter", "-A", "INPUT", "-p", "tcp", "-d", "169.254.20.10", "--dport", "53",
            "-j", "ACCEPT", "-m", "comment", "--comment", "NodeLocal DNS Cache: allow DNS traffic");
        var repair = await rules.EnsureAsync(CancellationToken.None);
        Assert.That(repair.Added.Select(r => r.ToString()), Is.EqualTo(new[] { "raw/PREROUTING -p udp -d 169.254.20.10 --dport 53 -j NOTRACK" }));
        Assert.That(repair.Removed, Is.EqualTo(1));
        Assert.That(await RulesAsync(ns, $"iptables-{mode}-save"), Is.EqualTo(NodeCacheRuleLines.For("169.254.20.10")));
        Assert.That((await rules.EnsureAsync(CancellationToken.None)).Added, Is.Empty, "nothing to do when all is there");

        var removed = await rules.RemoveAsync(CancellationToken.None);
        Assert.That(removed.Error, Is.Null);
        Assert.That(await RulesAsync(ns, $"iptables-{mode}-save"), Is.Empty);
    }

    [Test]
    public async Task Ensure_PrependsBeforeTheNodesOwnRules_AndLeavesThemAlone()
    {
        await using var ns = await NetworkNamespace.CreateAsync("iptorder");
        await ns.RunCheckedAsync("iptables-nft", "-t", "filter", "-A", "INPUT", "-p", "udp", "--dport", "53", "-j", "DROP");
        var rules = new IptablesRules(Backend("nft"), DnsTrafficRule.NodeCacheRules([IPAddress.Parse("169.254.20.10")], 53, 8080),
            new CommandRunner(TimeSpan.FromSeconds(20), ns.ExecPrefix));

        await rules.EnsureAsync(CancellationToken.None);
        var input = (await ns.RunCheckedAsync("iptables-nft", "-t", "filter", "-S", "INPUT")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(input[^1], Is.EqualTo("-A INPUT -p udp -m udp --dport 53 -j DROP"), "our ACCEPTs come first");

        await rules.RemoveAsync(CancellationToken.None);
        input = (await ns.RunCheckedAsync("iptables-nft", "-t", "filter", "-S", "INPUT")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(input, Is.EqualTo(new[] { "-P INPUT ACCEPT", "-A INPUT -p udp -m udp --dport 53 -j DROP" }));
    }

    [TestCase("legacy")]
    [TestCase("nft")]
    public async Task Ipv6Addresses_GoToIp6tables(string mode)
    {
        await using var ns = await NetworkNamespace.CreateAsync("ip6" + mode);
        var rules = new IptablesRules(Backend(mode),
            DnsTrafficRule.NodeCacheRules([IPAddress.Parse("169.254.20.10"), IPAddress.Parse("fd00::a")], 53, 8080),
            new CommandRunner(TimeSpan.FromSeconds(20), ns.ExecPrefix));

        Assert.That((await rules.EnsureAsync(CancellationToken.None)).Error, Is.Null);

        Assert.That(await RulesAsync(ns, $"ip6tables-{mode}-save"), Is.EqualTo(NodeCacheRuleLines.For("fd00::a")));
        Assert.That(await RulesAsync(ns, $"iptables-{mode}-save"), Is.EqualTo(NodeCacheRuleLines.For("169.254.20.10")));

        await rules.RemoveAsync(CancellationToken.None);
        Assert.That(await RulesAsync(ns, $"ip6tables-{mode}-save"), Is.Empty);
    }

    [Test]
    public async Task AMissingTool_IsAnIptablesErrorNotAnException()
    {
        var rules = new IptablesRules(new IptablesBackend("nft", "/nonexistent/iptables", "/nonexistent/ip6tables", "test"),
            DnsTrafficRule.NodeCacheRules([IPAddress.Parse("169.254.20.10")], 53, 8080), new CommandRunner(TimeSpan.FromSeconds(5)));
        var sync = await rules.EnsureAsync(CancellationToken.None);
        Assert.That(sync.ErrorType, Is.EqualTo(SetupErrorType.Iptables));
        Assert.That(sync.Error, Does.Contain("/nonexistent/iptables"));
    }

    [Test]
    public async Task AHeldXtablesLock_IsReportedAsALockError()
    {
        // iptables-legacy takes XTABLES_LOCKFILE (default /run/xtables.lock); hold a private one with flock(1)'s peer, our FileLock.
        await using var ns = await NetworkNamespace.CreateAsync("iptlock");
        var lockFile = Path.Combine(Path.GetTempPath(), $"xtables-{Guid.NewGuid():N}.lock");
        using var held = FileLock.TryAcquire(lockFile)!;
        var runner = new CommandRunner(TimeSpan.FromSeconds(20), ["env", $"XTABLES_LOCKFILE={lockFile}", .. ns.ExecPrefix]);
        var rules = new IptablesRules(Backend("legacy"), DnsTrafficRule.NodeCacheRules([IPAddress.Parse("169.254.20.10")], 53, 8080), runner);

        var sync = await rules.EnsureAsync(CancellationToken.None);

        Assert.That(sync.ErrorType, Is.EqualTo(SetupErrorType.IptablesLock), sync.Error);
        File.Delete(lockFile);
    }
}
