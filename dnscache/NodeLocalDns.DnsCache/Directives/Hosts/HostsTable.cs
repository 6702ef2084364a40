using System.Net;
using System.Net.Sockets;
using NodeLocalDns.Corefile.Directives.Hosts;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Hosts;

/// <summary>A snapshot of hosts entries: forward (name → addresses) and reverse (PTR name → names), keyed by lower-case wire name.</summary>
internal sealed class HostsTable
{
    private readonly Dictionary<byte[], (List<IPAddress> V4, List<IPAddress> V6)> _forward = new(WireKeyComparer.Instance);
    private readonly Dictionary<byte[], List<byte[]>> _reverse = new(WireKeyComparer.Instance);

    public HostsTable(IEnumerable<HostsEntry> entries, bool noReverse)
    {
        foreach (var entry in entries)
        {
            foreach (var name in entry.Names)
            {
                if (!WireName.TryFromText(name, out var wire))
                {
                    // Not a domain name (an empty label, a label over 63 octets): it could never be asked for.
                    continue;
                }

                if (!_forward.TryGetValue(wire, out var lists))
                {
                    lists = ([], []);
                    _forward[wire] = lists;
                }

                var list = entry.Address.AddressFamily == AddressFamily.InterNetwork ? lists.V4 : lists.V6;
                if (!list.Contains(entry.Address))
                {
                    list.Add(entry.Address);
                }

                if (!noReverse)
                {
                    var ptr = WireName.FromText(ReverseName(entry.Address));
                    if (!_reverse.TryGetValue(ptr, out var names))
                    {
                        names = [];
                        _reverse[ptr] = names;
                    }

                    if (!names.Any(n => n.AsSpan().SequenceEqual(wire)))
                    {
                        names.Add(wire);
                    }
                }
            }
        }

        Forward = _forward.GetAlternateLookup<ReadOnlySpan<byte>>();
        Reverse = _reverse.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public Dictionary<byte[], (List<IPAddress> V4, List<IPAddress> V6)>.AlternateLookup<ReadOnlySpan<byte>> Forward { get; }

    public Dictionary<byte[], List<byte[]>>.AlternateLookup<ReadOnlySpan<byte>> Reverse { get; }

    public int Count => _forward.Count;

    /// <summary>Parses /etc/hosts text: <c>IP NAME [ALIASES...]</c>, <c>#</c> comments.</summary>
    public static IEnumerable<HostsEntry> Parse(string text)
    {
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine;
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                line = line[..hash];
            }

            var fields = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || !IPAddress.TryParse(fields[0].Split('%')[0], out var address))
            {
                continue;
            }

            var names = new List<string>();
            foreach (var name in fields.Skip(1))
            {
                if (Corefile.Zones.ZoneNames.TryNormalize(name, out var normalized, out _))
                {
                    names.Add(normalized);
                }
            }

            if (names.Count > 0)
            {
                yield return new HostsEntry(address, new Corefile.Model.ValueList<string>(names));
            }
        }
    }

    internal static string ReverseName(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return $"{bytes[3]}.{bytes[2]}.{bytes[1]}.{bytes[0]}.in-addr.arpa.";
        }

        var sb = new System.Text.StringBuilder();
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            sb.Append((bytes[i] & 0xF).ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append('.');
            sb.Append((bytes[i] >> 4).ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append('.');
        }

        return sb.Append("ip6.arpa.").ToString();
    }
}
