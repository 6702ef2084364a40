using System.Text;

namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>
/// node-cache's rules as a native nftables table, for nodes whose kube-proxy runs in nftables mode, where
/// node-cache has no answer (kubernetes/dns#682). The table <c>inet nodelocaldns</c> is ours alone: NOTRACK
/// rules sit in chains at priority <c>raw</c> (-300), before conntrack (-200) and so before kube-proxy's
/// DNAT at <c>dstnat</c> (-100), which therefore never rewrites the cache's traffic; ACCEPT rules sit at
/// priority <c>filter</c>. An nftables accept only ends our own chain (another table's drop still drops),
/// so those rules document intent and keep parity with iptables mode rather than override a policy.
/// Rules are written in nft's own printed form, so a listing can be compared line by line.
/// </summary>
internal static class NftablesRuleSet
{
    /// <summary>The table's family and name.</summary>
    public const string Table = "inet nodelocaldns";

    /// <summary>Our chain for a rule's table and chain, with its hook and priority.</summary>
    public static (string Name, string Definition) Chain(DnsTrafficRule rule) => (rule.Table, rule.Chain) switch
    {
        ("raw", "PREROUTING") => ("raw-prerouting", "type filter hook prerouting priority raw; policy accept;"),
        ("raw", "OUTPUT") => ("raw-output", "type filter hook output priority raw; policy accept;"),
        ("filter", "INPUT") => ("filter-input", "type filter hook input priority filter; policy accept;"),
        ("filter", "OUTPUT") => ("filter-output", "type filter hook output priority filter; policy accept;"),
        _ => throw new ArgumentException($"no nftables chain for {rule.Table}/{rule.Chain}", nameof(rule)),
    };

    /// <summary>The rule as <c>nft list</c> prints it.</summary>
    public static string Statement(DnsTrafficRule rule) =>
        $"{(rule.IsIPv6 ? "ip6" : "ip")} {(rule.MatchSource ? "saddr" : "daddr")} {rule.Address} " +
        $"{rule.Protocol} {(rule.MatchSource ? "sport" : "dport")} {rule.Port} " +
        $"{(rule.Target == "NOTRACK" ? "notrack" : "accept")} comment \"{rule.Comment}\"";

    /// <summary>
    /// An <c>nft -f</c> script that creates the table and chains if missing (both idempotent) and appends
    /// <paramref name="missing"/>; applied as one transaction, so the kernel never sees half of it.
    /// </summary>
    public static string AddScript(IEnumerable<DnsTrafficRule> missing)
    {
        var script = new StringBuilder($"add table {Table}\n");
        var rules = missing.ToList();
        foreach (var (name, definition) in rules.Select(Chain).Distinct())
        {
            script.Append($"add chain {Table} {name} {{ {definition} }}\n");
        }

        foreach (var rule in rules)
        {
            script.Append($"add rule {Table} {Chain(rule).Name} {Statement(rule)}\n");
        }

        return script.ToString();
    }

    /// <summary>The rules of <paramref name="rules"/> that a <c>nft list table</c> output lacks.</summary>
    public static List<DnsTrafficRule> Missing(IEnumerable<DnsTrafficRule> rules, string listing)
    {
        var present = new HashSet<(string Chain, string Statement)>();
        string? chain = null;
        foreach (var raw in listing.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("chain ", StringComparison.Ordinal))
            {
                chain = line["chain ".Length..].TrimEnd('{', ' ');
            }
            else if (line == "}")
            {
                chain = null;
            }
            else if (chain is not null && line.Length > 0)
            {
                present.Add((chain, line));
            }
        }

        return [.. rules.Where(r => !present.Contains((Chain(r).Name, Statement(r))))];
    }
}
