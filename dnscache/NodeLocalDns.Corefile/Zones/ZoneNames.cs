using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace NodeLocalDns.Corefile.Zones;

/// <summary>
/// Zone names as CoreDNS keeps them: lower case, fully qualified (with the trailing dot), the root
/// written <c>.</c>. DNS names compare case-insensitively (RFC 4343), so one canonical spelling lets
/// every other comparison be ordinal.
/// </summary>
public static class ZoneNames
{
    private static readonly SearchValues<char> ForbiddenInLabels = SearchValues.Create(" \t\r\n/\\\"");

    /// <summary>The root zone.</summary>
    public const string Root = ".";

    /// <summary>Lower-cases <paramref name="zone"/> and adds the trailing dot.</summary>
    /// <exception cref="FormatException">Not a valid domain name (empty label, label over 63 octets, name over 255).</exception>
    public static string Normalize(string zone) =>
        TryNormalize(zone, out var normalized, out var error) ? normalized : throw new FormatException(error);

    /// <summary>Like <see cref="Normalize"/>, reporting the problem instead of throwing.</summary>
    public static bool TryNormalize(string zone, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(zone);
        normalized = null;
        var trimmed = zone.Trim();
        if (trimmed is "" or ".")
        {
            normalized = Root;
            error = null;
            return true;
        }

        var body = trimmed.EndsWith('.') ? trimmed[..^1] : trimmed;

        // RFC 1035 §2.3.4: labels are 63 octets or less, names 255 octets or less on the wire
        // (each label costs its length plus one length octet, plus the root's zero octet).
        var wireLength = 1;
        foreach (var label in body.Split('.'))
        {
            if (label.Length == 0)
            {
                error = $"'{zone}' is not a valid domain name: it has an empty label.";
                return false;
            }

            if (label.Length > 63)
            {
                error = $"'{zone}' is not a valid domain name: the label '{label}' is longer than 63 characters.";
                return false;
            }

            if (label.AsSpan().ContainsAny(ForbiddenInLabels))
            {
                error = $"'{zone}' is not a valid domain name: the label '{label}' holds a character names cannot have here.";
                return false;
            }

            wireLength += label.Length + 1;
        }

        if (wireLength > 255)
        {
            error = $"'{zone}' is not a valid domain name: it is longer than 255 octets.";
            return false;
        }

        normalized = body.ToLowerInvariant() + ".";
        error = null;
        return true;
    }

    /// <summary>The name without its trailing dot, lower case (the root stays <c>.</c>), as people write zones.</summary>
    public static string ToDisplay(string zone)
    {
        var normalized = Normalize(zone);
        return normalized == Root ? Root : normalized[..^1];
    }

    /// <summary>True when <paramref name="name"/> equals <paramref name="zone"/> or lies below it (both any case, with or without trailing dots).</summary>
    public static bool IsInZone(string name, string zone)
    {
        var n = Normalize(name);
        var z = Normalize(zone);
        return z == Root || n == z || n.EndsWith("." + z, StringComparison.Ordinal);
    }

    /// <summary>The number of labels (the root has none).</summary>
    public static int LabelCount(string zone)
    {
        var normalized = Normalize(zone);
        return normalized == Root ? 0 : normalized.Count(c => c == '.');
    }

    /// <summary>
    /// The reverse zones for a network in CIDR notation, as CoreDNS accepts them in server keys
    /// (<c>10.0.0.0/8</c> → <c>10.in-addr.arpa.</c>). RFC 2317 style classless delegation is not used:
    /// like CoreDNS, a prefix between octet (IPv4) or nibble (IPv6) boundaries becomes every zone at the
    /// next boundary that it covers.
    /// </summary>
    public static bool TryReverseZones(string cidr, [NotNullWhen(true)] out IReadOnlyList<string>? zones)
    {
        zones = null;
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(cidr[..slash], out var address) || !int.TryParse(cidr[(slash + 1)..], out var prefix))
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        var ipv4 = address.AddressFamily == AddressFamily.InterNetwork;
        var step = ipv4 ? 8 : 4;
        var bits = bytes.Length * 8;
        if (prefix < 0 || prefix > bits)
        {
            return false;
        }

        var boundary = (prefix + step - 1) / step * step;
        var count = 1 << (boundary - prefix);
        var result = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var network = MaskAndAdd(bytes, prefix, boundary, i);
            result.Add(ipv4 ? ReverseV4(network, boundary / 8) : ReverseV6(network, boundary / 4));
        }

        zones = result;
        return true;
    }

    private static byte[] MaskAndAdd(byte[] bytes, int prefix, int boundary, int index)
    {
        var copy = (byte[])bytes.Clone();
        for (var bit = prefix; bit < copy.Length * 8; bit++)
        {
            copy[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        // Set the bits between the prefix and the boundary to the binary digits of index.
        for (var bit = boundary - 1; bit >= prefix; bit--)
        {
            if ((index & (1 << (boundary - 1 - bit))) != 0)
            {
                copy[bit / 8] |= (byte)(0x80 >> (bit % 8));
            }
        }

        return copy;
    }

    private static string ReverseV4(byte[] bytes, int octets) =>
        string.Concat(Enumerable.Range(0, octets).Reverse().Select(i => bytes[i] + ".")) + "in-addr.arpa.";

    private static string ReverseV6(byte[] bytes, int nibbles) =>
        string.Concat(
            Enumerable.Range(0, nibbles).Reverse().Select(i => ((i % 2 == 0 ? bytes[i / 2] >> 4 : bytes[i / 2]) & 0xF).ToString("x") + "."))
            + "ip6.arpa.";
}
