using System.Net;

namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>
/// The iptables spelling of <see cref="DnsTrafficRule"/>s: node-cache's exact arguments (so <c>-C</c>/<c>-D</c>
/// by other tools find them) and a matcher for <c>iptables -S</c> lines. Presence is decided from one
/// listing per table rather than one <c>-C</c> per rule: fewer processes per sync, and no reliance on
/// <c>-C</c>, which some iptables-nft releases answered wrongly so that rules piled up
/// (kubernetes/dns#568); duplicates found in the listing are removed.
/// </summary>
internal static class IptablesRuleSet
{
    /// <summary>The arguments after <c>-I CHAIN</c>/<c>-D CHAIN</c>, as node-cache passes them.</summary>
    public static string[] Arguments(DnsTrafficRule rule) =>
    [
        "-p", rule.Protocol,
        rule.MatchSource ? "-s" : "-d", rule.Address.ToString(),
        rule.MatchSource ? "--sport" : "--dport", rule.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-j", rule.Target,
        "-m", "comment", "--comment", rule.Comment,
    ];

    /// <summary>How many lines of an <c>iptables -t TABLE -S</c> listing are <paramref name="rule"/>.</summary>
    public static int Count(DnsTrafficRule rule, IEnumerable<string> listing) => listing.Count(line => Matches(rule, line));

    /// <summary>Whether one <c>-S</c> line (<c>-A CHAIN ...</c>) is <paramref name="rule"/>, whatever order iptables printed the matches in.</summary>
    public static bool Matches(DnsTrafficRule rule, string line)
    {
        var tokens = Tokenize(line);
        if (tokens.Count < 2 || tokens[0] != "-A" || tokens[1] != rule.Chain)
        {
            return false;
        }

        string? Value(string option)
        {
            var i = tokens.IndexOf(option);
            return i >= 0 && i + 1 < tokens.Count ? tokens[i + 1] : null;
        }

        // A rule with anything we did not write (an interface, a negation, another match) is someone else's.
        if (tokens.Contains("!") || tokens.Contains("-i") || tokens.Contains("-o"))
        {
            return false;
        }

        var addressOption = rule.MatchSource ? "-s" : "-d";
        var otherAddress = rule.MatchSource ? "-d" : "-s";
        var portOption = rule.MatchSource ? "--sport" : "--dport";
        var otherPort = rule.MatchSource ? "--dport" : "--sport";
        return Value("-p") == rule.Protocol
            && SameHost(Value(addressOption), rule.Address)
            && Value(otherAddress) is null
            && Value(portOption) == rule.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && Value(otherPort) is null
            && Value("-j") == rule.Target
            && Value("--comment") == rule.Comment;
    }

    private static bool SameHost(string? text, IPAddress address)
    {
        if (text is null)
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? text : text[..slash];
        var prefix = slash < 0 ? null : text[(slash + 1)..];
        var full = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "128" : "32";
        return IPAddress.TryParse(host, out var parsed) && parsed.Equals(address) && (prefix is null || prefix == full);
    }

    // iptables -S quotes arguments with spaces ("NodeLocal DNS Cache: skip conntrack") and escapes quotes inside.
    private static List<string> Tokenize(string line)
    {
        var tokens = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '\\' && i + 1 < line.Length)
                {
                    current.Append(line[++i]);
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
                any = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (any)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (any)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }
}
