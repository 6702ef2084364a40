namespace NodeLocalDns.DnsCache.Tests.Support;

/// <summary>
/// What <c>iptables-save</c> prints for node-cache's rules on one local IP, DNS port 53 and health port 8080:
/// written out by hand from node-cache's <c>cache_app.go</c>, not derived from the code under test.
/// </summary>
internal static class NodeCacheRuleLines
{
    private const string Skip = "-m comment --comment \"NodeLocal DNS Cache: skip conntrack\" -j NOTRACK";
    private const string Allow = "-m comment --comment \"NodeLocal DNS Cache: allow DNS traffic\" -j ACCEPT";

    /// <summary>The twelve lines for <paramref name="ip"/> (printed as /32, or /128 by ip6tables-save), sorted.</summary>
    public static IEnumerable<string> For(string ip) => Lines(ip.Contains(':', StringComparison.Ordinal) ? $"{ip}/128" : $"{ip}/32");

    private static IEnumerable<string> Lines(string ip) => new[]
    {
        $"-A PREROUTING -d {ip} -p tcp -m tcp --dport 53 {Skip}",
        $"-A PREROUTING -d {ip} -p udp -m udp --dport 53 {Skip}",
        $"-A OUTPUT -s {ip} -p tcp -m tcp --sport 53 {Skip}",
        $"-A OUTPUT -s {ip} -p udp -m udp --sport 53 {Skip}",
        $"-A OUTPUT -d {ip} -p tcp -m tcp --dport 53 {Skip}",
        $"-A OUTPUT -d {ip} -p udp -m udp --dport 53 {Skip}",
        $"-A OUTPUT -d {ip} -p tcp -m tcp --dport 8080 {Skip}",
        $"-A OUTPUT -s {ip} -p tcp -m tcp --sport 8080 {Skip}",
        $"-A INPUT -d {ip} -p tcp -m tcp --dport 53 {Allow}",
        $"-A INPUT -d {ip} -p udp -m udp --dport 53 {Allow}",
        $"-A OUTPUT -s {ip} -p tcp -m tcp --sport 53 {Allow}",
        $"-A OUTPUT -s {ip} -p udp -m udp --sport 53 {Allow}",
    }.Order(StringComparer.Ordinal);

    /// <summary>The lines for several IPs, sorted as <c>NodeDaemon.RulesAsync</c> returns them.</summary>
    public static string[] For(params string[] ips) => [.. ips.SelectMany(For).Order(StringComparer.Ordinal)];
}
