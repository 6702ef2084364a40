using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NodeLocalDns.Corefile.Model;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Corefile.Zones;

namespace NodeLocalDns.Corefile.Configuration;

/// <summary>
/// The checks every directive parser shares (argument counts, numbers, durations, addresses), each
/// throwing a <see cref="CorefileException"/> at the offending token with a sentence saying what to write
/// instead. The counterpart of caddy's Dispenser helpers (<c>ArgErr</c>, <c>Errf</c>).
/// </summary>
internal static class DirectiveArgs
{
    public static CorefileException Error(Argument at, string message) => new(at.Position, message);

    /// <summary>node-cache's template placeholders (<c>__PILLAR__LOCAL__DNS__</c> …) left in a rendered Corefile.</summary>
    public static void NotPlaceholder(Argument arg)
    {
        if (arg.Value.Contains("__PILLAR__", StringComparison.Ordinal))
        {
            throw Error(arg, $"'{arg.Value}' is a node-cache template placeholder that was never substituted; put the address it stands for here.");
        }
    }

    public static CorefileException Error(Directive at, string message) => new(at.Position, message);

    /// <summary>Checks that <paramref name="directive"/> has between <paramref name="min"/> and <paramref name="max"/> arguments.</summary>
    public static void Count(Directive directive, int min, int max, string syntax)
    {
        var n = directive.Args.Count;
        if (n >= min && n <= max)
        {
            return;
        }

        var expected = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
        var at = n > max ? directive.Args[max].Position : directive.Position;
        throw new CorefileException(
            at,
            $"'{directive.Name.Value}' takes {expected} argument{(expected == "1" ? string.Empty : "s")} but has {n}; write: {syntax}.");
    }

    public static void NoBlock(Directive directive)
    {
        if (directive.Block is { Count: > 0 } block)
        {
            throw Error(block[0], $"'{directive.Name.Value}' takes no block; remove '{block[0].Name.Value}' and the braces.");
        }
    }

    public static int Int(Argument arg, int min, int max, string what)
    {
        if (!long.TryParse(arg.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(arg, $"{what} '{arg.Value}' is not a whole number; write a number from {min} to {max}.");
        }

        if (value < min || value > max)
        {
            throw Error(arg, $"{what} {value} is out of range; it must be from {min} to {max}.");
        }

        return (int)value;
    }

    /// <summary>A TTL in whole seconds, 1 to 2^31-1 (RFC 2181 §8).</summary>
    public static TimeSpan TtlSeconds(Argument arg, string what, int min = 1) =>
        TimeSpan.FromSeconds(Int(arg, min, int.MaxValue, what));

    public static TimeSpan Duration(Argument arg, string what, TimeSpan? min = null, TimeSpan? max = null)
    {
        if (!GoDuration.TryParse(arg.Value, out var value))
        {
            throw Error(arg, $"{what} '{arg.Value}' is not a duration; write a number with a unit, such as 30s, 5m or 1h.");
        }

        if (min is { } lo && value < lo)
        {
            throw Error(arg, $"{what} {arg.Value} is too short; it must be at least {GoDuration.Format(lo)}.");
        }

        if (max is { } hi && value > hi)
        {
            throw Error(arg, $"{what} {arg.Value} is too long; it must be at most {GoDuration.Format(hi)}.");
        }

        return value;
    }

    public static IPAddress Ip(Argument arg, string what)
    {
        NotPlaceholder(arg);
        var text = arg.Value;
        if (text.StartsWith('[') && text.EndsWith(']'))
        {
            text = text[1..^1];
        }

        if (!IPAddress.TryParse(text, out var address) || !LooksLikeIp(text))
        {
            throw Error(arg, $"{what} '{arg.Value}' is not an IP address; write an IPv4 or IPv6 address such as 169.254.20.10 or fd00::10.");
        }

        return address;
    }

    /// <summary>
    /// Rejects what <see cref="IPAddress.TryParse(string, out IPAddress)"/> accepts but nobody means,
    /// such as <c>10</c> or <c>10.1</c> read as 0.0.0.10.
    /// </summary>
    public static bool LooksLikeIp(string text) =>
        text.Contains(':', StringComparison.Ordinal) || text.Count(c => c == '.') == 3;

    /// <summary>A zone argument (with a CIDR standing for its reverse zones), normalized.</summary>
    public static IEnumerable<string> Zones(Argument arg)
    {
        if (arg.Value.Contains('/', StringComparison.Ordinal))
        {
            if (ZoneNames.TryReverseZones(arg.Value, out var reverse))
            {
                return reverse;
            }

            throw Error(arg, $"'{arg.Value}' is not a valid network in CIDR notation.");
        }

        return ZoneNames.TryNormalize(arg.Value, out var zone, out var error) ? [zone] : throw Error(arg, error);
    }

    /// <summary>An HTTP listen address: <c>:PORT</c>, <c>HOST:PORT</c>, <c>[IPv6]:PORT</c>.</summary>
    public static HttpListenAddress HttpAddress(Argument arg, string what)
    {
        NotPlaceholder(arg);
        var text = arg.Value;
        var colon = text.LastIndexOf(':');
        if (colon < 0 || (text.Contains(':', StringComparison.Ordinal) && !text.StartsWith('[') && colon != text.IndexOf(':', StringComparison.Ordinal)))
        {
            throw Error(arg, $"{what} address '{text}' has no port; write HOST:PORT or :PORT, such as 169.254.20.10:8080, [::1]:8080 or :9253.");
        }

        var host = text[..colon];
        var port = Int(new Argument(text[(colon + 1)..], arg.Position), 0, 65535, $"{what} port");
        if (host.Length == 0)
        {
            return new HttpListenAddress(null, port);
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host == "localhost")
        {
            return new HttpListenAddress(host, port);
        }

        if (!IPAddress.TryParse(host, out var ip) || !LooksLikeIp(host))
        {
            throw Error(arg, $"{what} host '{host}' is not an IP address; write an IP address, localhost, or nothing (':{port}') for all addresses.");
        }

        return new HttpListenAddress(ip.ToString(), port);
    }

    /// <summary>Checks that <paramref name="arg"/> is a .NET regular expression (the daemon compiles it later).</summary>
    public static void Regex(Argument arg)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(arg.Value, System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw Error(arg, $"'{arg.Value}' is not a valid regular expression: {e.Message}");
        }
    }

    public static bool IsSameFamily(IPAddress a, AddressFamily family) => a.AddressFamily == family;
}
