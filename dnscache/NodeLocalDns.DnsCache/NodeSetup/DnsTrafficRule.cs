using System.Net;
using System.Net.Sockets;

namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>
/// One of node-cache's firewall rules, independent of how it is written: in <paramref name="Table"/>'s
/// <paramref name="Chain"/>, packets of <paramref name="Protocol"/> to (or, when <paramref name="MatchSource"/>,
/// from) <paramref name="Address"/>:<paramref name="Port"/> get <paramref name="Target"/>
/// (<c>NOTRACK</c> or <c>ACCEPT</c>). <see cref="IptablesRuleSet"/> writes it for iptables and
/// <see cref="NftablesRuleSet"/> for nftables, so both modes protect exactly the same traffic.
/// </summary>
internal sealed record DnsTrafficRule(string Table, string Chain, string Protocol, bool MatchSource, IPAddress Address, int Port, string Target)
{
    /// <summary>node-cache's comment on NOTRACK rules; tools (Gardener's clean-up) find the rules by it.</summary>
    public const string SkipConntrackComment = "NodeLocal DNS Cache: skip conntrack";

    /// <summary>node-cache's comment on ACCEPT rules.</summary>
    public const string AllowTrafficComment = "NodeLocal DNS Cache: allow DNS traffic";

    /// <summary>The rule's comment.</summary>
    public string Comment => Target == "NOTRACK" ? SkipConntrackComment : AllowTrafficComment;

    /// <summary>Whether the rule is for <c>ip6tables</c> / <c>ip6</c>.</summary>
    public bool IsIPv6 => Address.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>
    /// node-cache's rules (its <c>cache_app.go</c>, <c>initIptables</c>), in its order, for each local IP:
    /// skip conntrack for DNS to and from the IP (so kube-proxy's DNAT of the kube-dns ClusterIP never sees
    /// the cache's traffic and no conntrack entry is spent per query), accept it in the filter table, skip
    /// conntrack for DNS from host-network clients (kubernetes/dns#318) and for the health port that
    /// kubelet probes (kubernetes/dns#352).
    /// </summary>
    public static IReadOnlyList<DnsTrafficRule> NodeCacheRules(IEnumerable<IPAddress> localIps, int dnsPort, int healthPort)
    {
        var rules = new List<DnsTrafficRule>();
        foreach (var ip in localIps)
        {
            rules.AddRange(
            [
                new("raw", "PREROUTING", "tcp", false, ip, dnsPort, "NOTRACK"),
                new("raw", "PREROUTING", "udp", false, ip, dnsPort, "NOTRACK"),
                new("filter", "INPUT", "tcp", false, ip, dnsPort, "ACCEPT"),
                new("filter", "INPUT", "udp", false, ip, dnsPort, "ACCEPT"),
                new("raw", "OUTPUT", "tcp", true, ip, dnsPort, "NOTRACK"),
                new("raw", "OUTPUT", "udp", true, ip, dnsPort, "NOTRACK"),
                new("filter", "OUTPUT", "tcp", true, ip, dnsPort, "ACCEPT"),
                new("filter", "OUTPUT", "udp", true, ip, dnsPort, "ACCEPT"),
                new("raw", "OUTPUT", "tcp", false, ip, dnsPort, "NOTRACK"),
                new("raw", "OUTPUT", "udp", false, ip, dnsPort, "NOTRACK"),
                new("raw", "OUTPUT", "tcp", false, ip, healthPort, "NOTRACK"),
                new("raw", "OUTPUT", "tcp", true, ip, healthPort, "NOTRACK"),
            ]);
        }

        return rules;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Table}/{Chain} -p {Protocol} {(MatchSource ? "-s" : "-d")} {Address} {(MatchSource ? "--sport" : "--dport")} {Port} -j {Target}";
}
