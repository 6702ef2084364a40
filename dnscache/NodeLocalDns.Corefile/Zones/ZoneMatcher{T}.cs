namespace NodeLocalDns.Corefile.Zones;

/// <summary>
/// Finds the most specific zone for a name: the longest zone that is a suffix of the name at a label
/// boundary (an unescaped dot), as CoreDNS routes a query to a server block. Names compare case-insensitively (RFC 4343).
/// Lookups walk the name's label boundaries from the longest suffix to the root with span lookups, so a
/// match allocates nothing.
/// </summary>
public sealed class ZoneMatcher<T>
{
    // Keys are normalized zones without their trailing dot ("" for the root), so that a name can be
    // looked up by slicing, whether or not it ends with a dot.
    private readonly Dictionary<string, (string Zone, T Value)> _zones = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (string Zone, T Value)>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Creates an empty matcher.</summary>
    public ZoneMatcher() => _lookup = _zones.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The zones held, normalized (lower case, trailing dot).</summary>
    public IEnumerable<string> Zones => _zones.Values.Select(v => v.Zone);

    /// <summary>Adds or replaces the value for <paramref name="zone"/>.</summary>
    public void Set(string zone, T value)
    {
        var normalized = ZoneNames.Normalize(zone);
        _zones[normalized[..^1]] = (normalized, value);
    }

    /// <summary>True when the zone is held exactly.</summary>
    public bool ContainsZone(string zone) => _zones.ContainsKey(ZoneNames.Normalize(zone)[..^1]);

    /// <summary>Finds the longest zone containing <paramref name="name"/> (with or without its trailing dot).</summary>
    /// <param name="name">The query name.</param>
    /// <param name="zone">The zone found, normalized.</param>
    /// <param name="value">Its value.</param>
    public bool TryMatch(ReadOnlySpan<char> name, out string zone, out T value)
    {
        if (!name.IsEmpty && name[^1] == '.')
        {
            name = name[..^1];
        }

        while (true)
        {
            if (_lookup.TryGetValue(name, out var found))
            {
                (zone, value) = found;
                return true;
            }

            if (name.IsEmpty)
            {
                zone = string.Empty;
                value = default!;
                return false;
            }

            var dot = NextLabelBoundary(name);
            name = dot < 0 ? [] : name[(dot + 1)..];
        }
    }

    // The first dot that ends a label: names arrive escaped as CoreDNS prints them (miekg/dns's dns.NextLabel),
    // where \. is a dot inside a label and \DDD any octet.
    private static int NextLabelBoundary(ReadOnlySpan<char> name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '\\')
            {
                i += i + 1 < name.Length && char.IsAsciiDigit(name[i + 1]) ? 3 : 1;
            }
            else if (name[i] == '.')
            {
                return i;
            }
        }

        return -1;
    }
}
