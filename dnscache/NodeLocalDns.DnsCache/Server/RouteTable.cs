using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Server;

/// <summary>
/// The zones served on one listen endpoint, matched against a query's lower-case wire name: the longest zone that is a
/// suffix of the name at a label boundary wins, as CoreDNS routes a query to a server block. Comparing wire names is
/// what CoreDNS's escaped presentation names stand for: a dot inside a label (<c>zz\.example.com</c>) is an octet of
/// the label, never a boundary, and ASCII letters fold (RFC 4343).
/// <para><b>Why wire names:</b> routing used to print every query's name as escaped text and look its suffixes up in
/// a case-insensitive string dictionary, about 4% of a cache miss's CPU; here a suffix is looked up only when a zone
/// of its length exists (a bitmap of the zones' lengths), as a span, allocation-free.</para>
/// </summary>
internal sealed class RouteTable
{
    private readonly Dictionary<byte[], RouteTarget> _targets = new(WireKeyComparer.Instance);
    private readonly Dictionary<byte[], RouteTarget>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly ulong[] _lengths = new ulong[(DnsConstants.MaxNameLength + 64) / 64];

    public RouteTable() => _lookup = _targets.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>The zones held, as the configuration spelt them.</summary>
    public IEnumerable<string> Zones => _targets.Values.Select(target => target.Stats.Zone);

    /// <summary>Adds or replaces the target of <paramref name="zone"/> (a presentation name, escapes allowed).</summary>
    /// <exception cref="FormatException">The zone is not a domain name.</exception>
    public void Set(string zone, RouteTarget target)
    {
        var wire = WireName.FromText(zone);
        _targets[wire] = target;
        _lengths[wire.Length >> 6] |= 1UL << (wire.Length & 63);
    }

    /// <summary>Finds the target of the longest zone containing <paramref name="name"/> (uncompressed, lower case).</summary>
    public bool TryMatch(ReadOnlySpan<byte> name, out RouteTarget target)
    {
        for (var i = 0; i < name.Length; i += name[i] + 1)
        {
            var length = name.Length - i;
            if ((_lengths[length >> 6] & (1UL << (length & 63))) != 0 && _lookup.TryGetValue(name[i..], out target!))
            {
                return true;
            }

            if (name[i] == 0)
            {
                break;
            }
        }

        target = null!;
        return false;
    }
}
