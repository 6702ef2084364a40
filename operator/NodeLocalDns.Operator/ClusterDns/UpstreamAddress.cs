using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// Decides whether a <c>forward</c> target is something node-cache can forward to, with the rules of
/// node-cache's <c>ValidateNodeLocalCacheConfig</c>: an IP address with an optional port (IPv6 in
/// brackets when a port follows), optionally prefixed <c>dns://</c> or <c>tls://</c>, or a resolv.conf
/// style file. Host names are refused: the forward plugin crash-loops on them (kubernetes/dns#539).
/// </summary>
public static class UpstreamAddress
{
    /// <summary>Normalizes a usable target (drops <c>dns://</c>, brackets bare IPv6 with ports) or says why it is not usable.</summary>
    public static bool TryNormalize(string target, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(target);
        normalized = null;
        if (target.StartsWith('/'))
        {
            normalized = target;
            problem = null;
            return true;
        }

        if (LooksLikePlaceholder(target))
        {
            problem = $"'{target}' is a placeholder, not an address; put the real IP in the Corefile";
            return false;
        }

        var prefix = string.Empty;
        var rest = target;
        var scheme = target.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var name = target[..scheme].ToLowerInvariant();
            if (name is not ("dns" or "tls"))
            {
                problem = $"'{target}' uses {name}://, but a node cache forwards only over dns:// and tls://";
                return false;
            }

            prefix = name == "tls" ? "tls://" : string.Empty;
            rest = target[(scheme + 3)..];
        }

        if (!TrySplitHostPort(rest, out var address, out var port))
        {
            problem = rest.Any(char.IsLetter) && !rest.Contains(':', StringComparison.Ordinal)
                ? $"'{target}' is a host name; forward needs IP addresses (a name would make the cache crash-loop, kubernetes/dns#539)"
                : $"'{target}' is not an IP address with an optional port";
            return false;
        }

        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        normalized = port is { } p
            ? $"{prefix}{host}:{p}"
            : prefix + address;
        problem = null;
        return true;
    }

    /// <summary>True when a normalized target is a loopback address (127.0.0.0/8 or ::1), with or without port or scheme.</summary>
    public static bool IsLoopback(string normalized)
    {
        var rest = normalized.Contains("://", StringComparison.Ordinal) ? normalized[(normalized.IndexOf("://", StringComparison.Ordinal) + 3)..] : normalized;
        return TrySplitHostPort(rest, out var address, out _) && IPAddress.IsLoopback(address);
    }

    /// <summary>Splits <c>IP</c>, <c>IP:port</c>, <c>[IPv6]</c>, <c>[IPv6]:port</c> or a bare IPv6 address.</summary>
    public static bool TrySplitHostPort(string text, [NotNullWhen(true)] out IPAddress? address, out int? port)
    {
        port = null;
        address = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !IPAddress.TryParse(text[1..close], out address))
            {
                return false;
            }

            var tail = text[(close + 1)..];
            if (tail.Length == 0)
            {
                return true;
            }

            if (tail[0] != ':' || !TryPort(tail[1..], out var p))
            {
                address = null;
                return false;
            }

            port = p;
            return true;
        }

        if (text.Count(c => c == ':') > 1)
        {
            // A bare IPv6 address; it cannot carry a port without brackets.
            return IPAddress.TryParse(text, out address) && !text.Contains('%', StringComparison.Ordinal);
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var host = colon < 0 ? text : text[..colon];
        if (!IsDottedQuad(host) || !IPAddress.TryParse(host, out address))
        {
            return false;
        }

        if (colon >= 0)
        {
            if (!TryPort(text[(colon + 1)..], out var p))
            {
                address = null;
                return false;
            }

            port = p;
        }

        return true;
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, null, out port) && port is > 0 and <= 65535;

    // IPAddress.TryParse accepts "10" or "10.1" as IPv4 (inet_aton forms); a Corefile never means those.
    private static bool IsDottedQuad(string host) => host.Count(c => c == '.') == 3 && host.All(c => char.IsAsciiDigit(c) || c == '.');

    private static bool LooksLikePlaceholder(string target) =>
        target.Contains('<', StringComparison.Ordinal) || target.Contains('>', StringComparison.Ordinal)
        || target.Contains('$', StringComparison.Ordinal) || target.Contains('{', StringComparison.Ordinal)
        || target.Contains("__PILLAR__", StringComparison.Ordinal)
        || target.Split('.', ':').Any(part => part.Length > 0 && part.All(c => c is 'x' or 'X'));
}
