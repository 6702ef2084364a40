using System.Net;

namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>What the daemon sets up on its node (from node-cache's flags; see <c>dnscache/README.md</c>, "Node set-up").</summary>
internal sealed record NodeSetupOptions
{
    /// <summary>The node-local IPs.</summary>
    public required IReadOnlyList<IPAddress> LocalIps { get; init; }

    /// <summary>Whether to create the interface holding them.</summary>
    public bool SetupInterface { get; init; } = true;

    /// <summary>The interface's name.</summary>
    public string InterfaceName { get; init; } = "nodelocaldns";

    /// <summary>Whether to keep node-cache's rules in iptables.</summary>
    public bool SetupIptables { get; init; } = true;

    /// <summary>Whether to keep them as an nftables table instead.</summary>
    public bool SetupNftables { get; init; }

    /// <summary>Whether to leave everything in place on exit.</summary>
    public bool SkipTeardown { get; init; }

    /// <summary>How often everything is checked and re-added.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The DNS port the rules protect.</summary>
    public int DnsPort { get; init; } = 53;

    /// <summary>The health port the rules exempt from conntrack.</summary>
    public int HealthPort { get; init; } = 8080;

    /// <summary>The node-wide instance registry directory; null to run without hand-over (tear down on exit, as node-cache).</summary>
    public string? InstanceDirectory { get; init; } = "/run/nodelocaldns";

    /// <summary>The rules, as node-cache builds them.</summary>
    public IReadOnlyList<DnsTrafficRule> Rules => DnsTrafficRule.NodeCacheRules(LocalIps, DnsPort, HealthPort);
}
