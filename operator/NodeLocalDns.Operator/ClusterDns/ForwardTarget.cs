using System.Net;

namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// A <c>forward</c> (or <c>proxy</c>) target as CoreDNS's <c>parse.HostPortOrFile</c> (plugin/pkg/parse/host.go) reads
/// it: <c>[scheme://]IP[:port]</c>, <c>[scheme://][IPv6]:port</c>, or a resolv.conf-style file; from 1.14.4 also a host
/// name, resolved once at start-up (coredns/coredns#7923). Go's <c>net.SplitHostPort</c> and <c>net.ParseIP</c> are
/// followed, so <c>[2001:db8::1]</c> without a port is refused exactly as CoreDNS refuses it.
/// </summary>
internal static class ForwardTarget
{
    /// <summary>Classifies <paramref name="target"/> for <paramref name="version"/>.</summary>
    public static ForwardTargetKind Classify(string target, CoreDnsVersion version)
    {
        var host = CoreDnsNames.StripTransport(target);
        if (SplitHostPort(host, out var address))
        {
            return IsIp(address) ? ForwardTargetKind.Address : NotAnAddress(address);
        }

        return IsIp(host) ? ForwardTargetKind.Address : NotAnAddress(host);

        ForwardTargetKind NotAnAddress(string name) =>
            name.StartsWith('/') ? ForwardTargetKind.File
            : version.AtLeast(CoreDnsVersion.ForwardHostNames) && CoreDnsNames.IsResolvableName(name) ? ForwardTargetKind.HostName
            : ForwardTargetKind.Refused;
    }

    /// <summary>Go's <c>net.SplitHostPort</c>: true when <paramref name="hostPort"/> is <c>host:port</c> or <c>[host]:port</c>.</summary>
    public static bool SplitHostPort(string hostPort, out string host)
    {
        host = string.Empty;
        var colon = hostPort.LastIndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        if (hostPort.StartsWith('['))
        {
            var end = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (end < 0 || end + 1 != colon)
            {
                return false;
            }

            host = hostPort[1..end];
            return true;
        }

        host = hostPort[..colon];
        return !host.Contains(':', StringComparison.Ordinal);
    }

    /// <summary>Go's <c>net.ParseIP</c>: a dotted quad or an IPv6 address without a zone.</summary>
    public static bool IsIp(string text) =>
        text.Contains(':', StringComparison.Ordinal)
            ? !text.Contains('%', StringComparison.Ordinal) && !text.Contains('[', StringComparison.Ordinal) && IPAddress.TryParse(text, out _)
            : text.Count(c => c == '.') == 3 && text.Split('.').All(part => part.Length is > 0 and <= 3 && part.All(char.IsAsciiDigit) && int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) <= 255);
}
