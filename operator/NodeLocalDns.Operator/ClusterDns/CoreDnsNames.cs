using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// Names as CoreDNS checks them, which is more liberal than a host name: <c>plugin.SplitHostPort</c>
/// (plugin/normalize.go) refuses a server key only when miekg/dns's <c>IsDomainName</c> does (an empty label, a
/// leading dot, a label of 64 octets or more, a name over 255), so <c>&lt;domain</c> or <c>${NETWORK}</c> load as
/// zones named exactly that. Telling those placeholders apart is this operator's job, not CoreDNS's.
/// </summary>
internal static partial class CoreDnsNames
{
    private static readonly string[] Transports = ["dns://", "tls://", "grpc://", "https://", "quic://", "https3://"];

    /// <summary>
    /// CoreDNS's error for a server key it refuses at load (core/dnsserver/register.go), or null when it loads. A key
    /// with a port and no zone (<c>:53</c>) is not judged here: releases differ on it (see <see cref="NamesNoZone"/>).
    /// </summary>
    public static string? KeyError(string key)
    {
        var rest = StripTransport(key);
        var colon = rest.LastIndexOf(':');
        if (colon >= 0 && colon == rest.Length - 1)
        {
            return $"expecting data after last colon: \"{rest}\"";
        }

        if (colon >= 0 && int.TryParse(rest.AsSpan(colon + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            rest = rest[..colon];
        }

        if (rest.Length == 0 && colon == 0)
        {
            return null;
        }

        if (rest.Length > 255)
        {
            return string.Create(CultureInfo.InvariantCulture, $"specified zone is too long: {rest.Length} > 255");
        }

        return IsDomainName(rest) ? null : $"zone is not a valid domain name: {rest}";
    }

    /// <summary>
    /// True for a key that is only a port (<c>:53</c>). CoreDNS releases built with miekg/dns before its 2019 rewrite of
    /// <c>IsDomainName</c> read it as the root zone (coredns/coredns#3350 ran one on 1.6.3); later ones refuse an empty name
    /// ("zone is not a valid domain name: "), so it is a warning, read as the root.
    /// </summary>
    public static bool NamesNoZone(string key) => StripTransport(key) is [':', .. var port] && port.Length > 0 && port.All(char.IsAsciiDigit);

    /// <summary>miekg/dns's <c>IsDomainName</c>: almost any text is a name; only the label structure is checked.</summary>
    public static bool IsDomainName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        var s = name.EndsWith('.') ? name : name + ".";
        var offset = 0;
        var begin = 0;
        var wasDot = false;
        for (var i = 0; i < s.Length; i++)
        {
            switch (s[i])
            {
                case '\\':
                    // \DDD or \X: the escaped octet belongs to the label.
                    var skip = i + 3 < s.Length && char.IsAsciiDigit(s[i + 1]) && char.IsAsciiDigit(s[i + 2]) && char.IsAsciiDigit(s[i + 3]) ? 3 : 1;
                    i += skip;
                    begin += skip;
                    wasDot = false;
                    break;
                case '.':
                    if ((i == 0 && s.Length > 1) || wasDot)
                    {
                        return false;
                    }

                    wasDot = true;
                    var labelLength = i - begin;
                    if (labelLength >= 64)
                    {
                        return false;
                    }

                    offset += 1 + labelLength;
                    if (offset > 256)
                    {
                        return false;
                    }

                    begin = i + 1;
                    break;
                default:
                    wasDot = false;
                    break;
            }
        }

        return true;
    }

    /// <summary>
    /// True for text that is a template's placeholder rather than a name or address: <c>&lt;domain&gt;</c>, <c>${VAR}</c>,
    /// <c>$(VAR)</c>, <c>%{VAR}%</c>, <c>{{ .Value }}</c>, sed-style <c>__DNS__DOMAIN__</c>, or redacted addresses such
    /// as <c>x.x.x.x</c>.
    /// </summary>
    public static bool LooksLikePlaceholder(string text) =>
        text.IndexOfAny(['<', '>', '$', '{', '}', '%']) >= 0
        || SedPlaceholder().IsMatch(text)
        || (text.Split('.', ':').Any(part => part.Length > 0 && part.All(c => c is 'x' or 'X')) && !IPAddress.TryParse(text, out _))
        || LooksLikeRedactedIPv4(text);

    /// <summary><c>y.y.y.y</c>, <c>10.x.x.x</c>, <c>a.b.c.d</c>: four parts, each digits or one letter repeated, some letters.</summary>
    private static bool LooksLikeRedactedIPv4(string text)
    {
        var parts = text.Split(':')[0].Split('.');
        return parts.Length == 4
            && parts.All(p => p.Length > 0 && (p.All(char.IsAsciiDigit) || (char.IsAsciiLetter(p[0]) && p.All(c => char.ToLowerInvariant(c) == char.ToLowerInvariant(p[0])))))
            && parts.Any(p => char.IsAsciiLetter(p[0]));
    }

    /// <summary>
    /// True for an upper-case name with underscores, such as <c>CLUSTER_DOMAIN</c> or <c>SERVICE_CIDR</c>: what deployment
    /// scripts replace with sed (coredns/deployment's deploy.sh). No kubelet cluster domain looks like that (it is a
    /// DNS-1123 subdomain, without underscores).
    /// </summary>
    public static bool IsSedPlaceholderName(string text) =>
        text.Contains('_', StringComparison.Ordinal) && text.Any(char.IsAsciiLetterUpper) && text.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '_' or '.');

    /// <summary>The variable of a CoreDNS environment placeholder (<c>{$NAME}</c>, <c>{%NAME%}</c>) in <paramref name="text"/>, which CoreDNS expands from its own environment at load.</summary>
    public static string? EnvironmentVariable(string text)
    {
        var match = EnvironmentPlaceholder().Match(text);
        return match.Success ? match.Groups[1].Value + match.Groups[2].Value : null;
    }

    /// <summary>A name the forward plugin resolves at start-up (plugin/pkg/parse/host.go's <c>dnsName</c> pattern).</summary>
    public static bool IsResolvableName(string text) => HostName().IsMatch(text);

    /// <summary><paramref name="text"/> without a <c>dns://</c>, <c>tls://</c> … prefix.</summary>
    public static string StripTransport(string text)
    {
        foreach (var transport in Transports)
        {
            if (text.StartsWith(transport, StringComparison.Ordinal))
            {
                return text[transport.Length..];
            }
        }

        return text;
    }

    [GeneratedRegex(@"__[A-Z0-9]+(?:_[A-Z0-9]+)*__")]
    private static partial Regex SedPlaceholder();

    [GeneratedRegex(@"\{\$([A-Za-z0-9_]+)\}|\{%([A-Za-z0-9_]+)%\}")]
    private static partial Regex EnvironmentPlaceholder();

    [GeneratedRegex(@"^([a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62}){1}(\.[a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62})*[\._]?$")]
    private static partial Regex HostName();
}
