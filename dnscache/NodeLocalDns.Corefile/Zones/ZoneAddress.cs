using System.Diagnostics.CodeAnalysis;

namespace NodeLocalDns.Corefile.Zones;

/// <summary>
/// One zone a server block key stands for, split like CoreDNS's <c>normalizeZone</c>:
/// <c>[transport://]zone[:port]</c>, where the zone may be a CIDR network standing for its reverse zones.
/// <see cref="Port"/> is <c>null</c> when the key names none (the server's default then applies).
/// </summary>
public sealed record ZoneAddress(DnsTransport Transport, string Zone, int? Port)
{
    private static readonly (string Prefix, DnsTransport Transport)[] Prefixes =
    [
        ("dns://", DnsTransport.Dns),
        ("tls://", DnsTransport.Tls),
        ("quic://", DnsTransport.Quic),
        ("grpc://", DnsTransport.Grpc),
        ("https3://", DnsTransport.Https3),
        ("https://", DnsTransport.Https),
    ];

    /// <summary>
    /// The port that applies: the key's own, or the transport's default (53 for plain DNS unless
    /// <paramref name="defaultDnsPort"/> says otherwise).
    /// </summary>
    public int EffectivePort(int defaultDnsPort = 53) => Port ?? Transport switch
    {
        DnsTransport.Dns => defaultDnsPort,
        DnsTransport.Tls or DnsTransport.Quic => 853,
        _ => 443,
    };

    /// <summary>The transport's key prefix, e.g. <c>tls://</c>.</summary>
    public string Scheme => Prefixes.First(p => p.Transport == Transport).Prefix;

    /// <inheritdoc />
    public override string ToString() => $"{Scheme}{Zone}{(Port is { } p ? $":{p}" : string.Empty)}";

    /// <summary>Splits a server block key into the zones it stands for (several for a CIDR between octet boundaries).</summary>
    /// <exception cref="FormatException">The key is not a valid zone address; the message says why.</exception>
    public static IReadOnlyList<ZoneAddress> Parse(string key) =>
        TryParse(key, out var zones, out var error) ? zones : throw new FormatException(error);

    /// <summary>Like <see cref="Parse"/>, reporting the problem instead of throwing.</summary>
    public static bool TryParse(string key, [NotNullWhen(true)] out IReadOnlyList<ZoneAddress>? zones, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(key);
        zones = null;
        var rest = key;
        var transport = DnsTransport.Dns;
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var match = Prefixes.FirstOrDefault(p => rest.StartsWith(p.Prefix, StringComparison.OrdinalIgnoreCase));
            if (match.Prefix is null)
            {
                error = $"'{key}' has an unknown transport '{rest[..scheme]}://'; use dns://, tls://, quic://, grpc://, https:// or https3://.";
                return false;
            }

            transport = match.Transport;
            rest = rest[match.Prefix.Length..];
        }

        // As in CoreDNS: a port is what follows the last colon, if it is a number. Zone names cannot
        // hold colons, and the reverse syntax always has its /mask before the port.
        int? port = null;
        var colon = rest.LastIndexOf(':');
        if (colon == rest.Length - 1 && colon >= 0)
        {
            error = $"'{key}' ends with ':' but no port follows it.";
            return false;
        }

        if (colon >= 0 && int.TryParse(rest.AsSpan(colon + 1), out var parsedPort) && !rest.AsSpan(colon + 1).Contains('/'))
        {
            if (parsedPort is < 0 or > 65535)
            {
                error = $"'{key}' has port {parsedPort}, outside 0-65535.";
                return false;
            }

            port = parsedPort;
            rest = rest[..colon];
        }

        if (rest.Contains('/', StringComparison.Ordinal))
        {
            if (!ZoneNames.TryReverseZones(rest, out var reverse))
            {
                error = $"'{key}' looks like a network but '{rest}' is not a valid CIDR.";
                return false;
            }

            zones = [.. reverse.Select(z => new ZoneAddress(transport, z, port))];
            error = null;
            return true;
        }

        if (rest.Contains(':', StringComparison.Ordinal))
        {
            error = $"'{key}' is not a zone: only a port may follow a colon.";
            return false;
        }

        if (!ZoneNames.TryNormalize(rest, out var zone, out error))
        {
            error = $"server key '{key}': {error}";
            return false;
        }

        zones = [new ZoneAddress(transport, zone, port)];
        return true;
    }
}
