using System.Buffers.Binary;
using System.Text;

namespace NodeLocalDns.DnsCache.Tests.Support;

/// <summary>Builds upstream-style responses byte by byte for unit tests of the cache and the response checks.</summary>
internal sealed class Wire
{
    private readonly List<byte> _bytes = [];
    private readonly int[] _counts = new int[4];

    public Wire(ushort id, byte flags2, byte flags3)
    {
        _bytes.AddRange([(byte)(id >> 8), (byte)id, flags2, flags3, 0, 0, 0, 0, 0, 0, 0, 0]);
    }

    public static byte[] Name(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }

    public Wire Question(string name, ushort type = 1, ushort cls = 1)
    {
        _bytes.AddRange(Name(name));
        _bytes.AddRange([(byte)(type >> 8), (byte)type, (byte)(cls >> 8), (byte)cls]);
        _counts[0]++;
        return this;
    }

    public Wire Record(int section, byte[] owner, ushort type, uint ttl, byte[] rdata, ushort cls = 1)
    {
        _bytes.AddRange(owner);
        var fixedPart = new byte[10];
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart, type);
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart.AsSpan(2), cls);
        BinaryPrimitives.WriteUInt32BigEndian(fixedPart.AsSpan(4), ttl);
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart.AsSpan(8), (ushort)rdata.Length);
        _bytes.AddRange(fixedPart);
        _bytes.AddRange(rdata);
        _counts[section]++;
        return this;
    }

    public Wire A(string owner, uint ttl, params byte[] address) => Record(1, owner == "@" ? [0xC0, 12] : Name(owner), 1, ttl, address);

    public Wire Soa(uint ttl, uint minimum)
    {
        var rdata = new List<byte>();
        rdata.AddRange(Name("ns1.example.test"));
        rdata.AddRange(Name("hostmaster.example.test"));
        foreach (var value in new uint[] { 1, 3600, 600, 86400, minimum })
        {
            rdata.AddRange([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        }

        return Record(2, Name("example.test"), 6, ttl, [.. rdata]);
    }

    public Wire Opt(ushort size = 1232, bool dnssecOk = false) => Record(3, [0], 41, dnssecOk ? 0x8000u : 0, [], size);

    public byte[] Build()
    {
        var result = _bytes.ToArray();
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(4 + (2 * i)), (ushort)_counts[i]);
        }

        return result;
    }
}
