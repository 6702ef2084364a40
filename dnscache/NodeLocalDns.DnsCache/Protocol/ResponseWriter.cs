using System.Buffers.Binary;

namespace NodeLocalDns.DnsCache.Protocol;

/// <summary>
/// Writes answers for a client from a stored response body, allocation-free: the client's header ID,
/// flags and exact question (0x20 case echo) go first, then the stored records with every TTL set to
/// what remains, then an OPT record when the client sent one, truncating with TC when the result does not fit
/// (RFC 2181 §9: a truncated answer carries no partial RRsets; the client retries over TCP).
/// </summary>
internal static class ResponseWriter
{
    /// <summary>Size of the OPT RR we append: root name, type, class, TTL, RDLENGTH.</summary>
    public const int OptLength = 11;

    /// <param name="query">The client's query packet.</param>
    /// <param name="q">The parsed query.</param>
    /// <param name="body">The stored response with ID 0 and no OPT; its question is the same length as the client's.</param>
    /// <param name="ttlOffsets">Where the TTLs are in <paramref name="body"/>.</param>
    /// <param name="ttl">The TTL to write in every record, or -1 to keep the stored ones.</param>
    /// <param name="limit">The most bytes the client accepts.</param>
    /// <param name="destination">Where to write (at least <paramref name="limit"/> bytes).</param>
    /// <returns>The length written.</returns>
    public static int Write(ReadOnlySpan<byte> query, in ParsedQuery q, ReadOnlySpan<byte> body, ReadOnlySpan<ushort> ttlOffsets,
        int ttl, int limit, Span<byte> destination)
    {
        var optLength = q.HasOpt ? OptLength : 0;
        var questionEnd = q.QuestionEnd;
        var total = body.Length + optLength;
        if (total > limit || body.Length < questionEnd)
        {
            return WriteTruncated(query, q, body.Length >= 4 ? (byte)(body[3] & 0x0F) : DnsConstants.RcodeServFail, destination);
        }

        body.CopyTo(destination);
        WriteHeader(destination, q, body[2], body[3]);
        query[DnsConstants.HeaderLength..questionEnd].CopyTo(destination[DnsConstants.HeaderLength..]);
        if (ttl >= 0)
        {
            foreach (var offset in ttlOffsets)
            {
                // A cached answer's offsets are read while a writer may be reusing its bytes (the caller discards what
                // was written then), so an offset outside the body is skipped rather than trusted.
                if (offset <= body.Length - sizeof(int))
                {
                    BinaryPrimitives.WriteInt32BigEndian(destination[offset..], ttl);
                }
            }
        }

        if (q.HasOpt)
        {
            WriteOpt(destination[body.Length..], q.DnssecOk, 0);
            var ar = BinaryPrimitives.ReadUInt16BigEndian(destination[10..]);
            BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)(ar + 1));
        }

        return total;
    }

    /// <summary>Header + question (+ OPT) with TC set and no records.</summary>
    public static int WriteTruncated(ReadOnlySpan<byte> query, in ParsedQuery q, byte rcode, Span<byte> destination)
    {
        var length = WriteEmpty(query, q, rcode, destination);
        destination[2] |= DnsConstants.FlagTc;
        return length;
    }

    /// <summary>An answer with no records: errors (FORMERR, REFUSED, SERVFAIL, NOTIMP) and BADVERS.</summary>
    public static int WriteEmpty(ReadOnlySpan<byte> query, in ParsedQuery q, byte rcode, Span<byte> destination, byte extendedRcode = 0)
    {
        var questionEnd = q.QuestionEnd >= DnsConstants.HeaderLength ? q.QuestionEnd : DnsConstants.HeaderLength;
        query[..questionEnd].CopyTo(destination);
        WriteHeader(destination, q, 0, rcode);
        destination[3] = (byte)((destination[3] & 0xF0) | rcode);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)(q.QuestionEnd >= DnsConstants.HeaderLength ? 1 : 0));
        BinaryPrimitives.WriteUInt32BigEndian(destination[6..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], 0);
        var length = questionEnd;
        if (q.HasOpt)
        {
            WriteOpt(destination[length..], q.DnssecOk, extendedRcode);
            BinaryPrimitives.WriteUInt16BigEndian(destination[10..], 1);
            length += OptLength;
        }

        return length;
    }

    private static void WriteHeader(Span<byte> destination, in ParsedQuery q, byte storedFlags2, byte storedFlags3)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, q.Id);

        // QR, the client's opcode and RD; never AA (we are a cache, RFC 1035 §4.1.1); TC only when we truncate.
        destination[2] = (byte)(DnsConstants.FlagQr | (q.Flags2 & 0x78) | (q.Flags2 & DnsConstants.FlagRd));

        // RA; AD only when the client can use it (RFC 6840 §5.8: DO or AD set); the client's CD; the rcode.
        var ad = (q.DnssecOk || q.AuthenticData) ? storedFlags3 & DnsConstants.FlagAd : 0;
        destination[3] = (byte)(DnsConstants.FlagRa | ad | (q.Flags3 & DnsConstants.FlagCd) | (storedFlags3 & 0x0F));
        _ = storedFlags2;
    }

    private static void WriteOpt(Span<byte> destination, bool dnssecOk, byte extendedRcode)
    {
        destination[0] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], DnsConstants.TypeOpt);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], DnsConstants.AdvertisedUdpSize);
        destination[5] = extendedRcode;
        destination[6] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[7..], dnssecOk ? DnsConstants.EdnsDoBit : (ushort)0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[9..], 0);
    }
}
