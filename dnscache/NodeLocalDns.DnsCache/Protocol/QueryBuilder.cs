using System.Buffers.Binary;

namespace NodeLocalDns.DnsCache.Protocol;

/// <summary>Builds the queries we send: to upstreams (from a cache key) and our own probes.</summary>
internal static class QueryBuilder
{
    /// <summary>
    /// A query for the key's name, type and class with a fresh ID, RD set, CD and DO as in the key, and an
    /// OPT advertising <see cref="DnsConstants.AdvertisedUdpSize"/>. Every client with the same key gets
    /// the same upstream query, which is what makes sharing the cached answer correct.
    /// </summary>
    public static int Write(Span<byte> destination, ushort id, ReadOnlySpan<byte> key, bool recursionDesired = true)
    {
        var nameLength = key.Length - 5;
        var flags = key[^1];
        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        destination[2] = recursionDesired ? DnsConstants.FlagRd : (byte)0;
        destination[3] = (flags & 2) != 0 ? DnsConstants.FlagCd : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[6..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], 1);
        key[..(nameLength + 4)].CopyTo(destination[DnsConstants.HeaderLength..]);
        var o = DnsConstants.HeaderLength + nameLength + 4;
        destination[o] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[(o + 1)..], DnsConstants.TypeOpt);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(o + 3)..], DnsConstants.AdvertisedUdpSize);
        destination[o + 5] = 0;
        destination[o + 6] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[(o + 7)..], (flags & 1) != 0 ? DnsConstants.EdnsDoBit : (ushort)0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(o + 9)..], 0);
        return o + 11;
    }

    /// <summary>A cache key for <paramref name="name"/> (presentation form), type and class, without DO/CD.</summary>
    public static byte[] Key(string name, ushort qtype, ushort qclass = DnsConstants.ClassIn)
    {
        Span<byte> buffer = stackalloc byte[DnsConstants.MaxKeyLength];
        var n = WireName.FromText(name, buffer);
        if (n < 0)
        {
            throw new ArgumentException($"'{name}' is not a valid name.", nameof(name));
        }

        BinaryPrimitives.WriteUInt16BigEndian(buffer[n..], qtype);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(n + 2)..], qclass);
        buffer[n + 4] = 0;
        return buffer[..(n + 5)].ToArray();
    }
}
