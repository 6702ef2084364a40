using System.Buffers.Binary;

namespace NodeLocalDns.DnsCache.Protocol;

/// <summary>
/// Reads a query from the wire without allocating and writes its cache key. Strict where RFC 1035 is:
/// exactly one question (RFC 1035 §4.1.2 in practice, as every resolver enforces), counts that match the
/// message, no trailing bytes, at most one OPT (RFC 6891 §6.1.1); other opcodes NOTIMP before anything else (RFC 8490 §5.4).
/// </summary>
internal static class QueryParser
{
    public static ParseResult TryParse(ReadOnlySpan<byte> packet, ref ParsedQuery query, Span<byte> key)
    {
        if (packet.Length < DnsConstants.HeaderLength)
        {
            return ParseResult.Drop;
        }

        query.Id = BinaryPrimitives.ReadUInt16BigEndian(packet);
        query.Flags2 = packet[2];
        query.Flags3 = packet[3];
        query.QuestionEnd = 0;
        query.HasOpt = false;
        query.DnssecOk = false;
        query.UdpSize = 0;
        query.EdnsVersion = 0;
        query.KeyLength = 0;

        // Never answer a response: that is how reflection loops between two servers start.
        if ((query.Flags2 & DnsConstants.FlagQr) != 0)
        {
            return ParseResult.Drop;
        }

        var qd = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        var an = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        var ns = BinaryPrimitives.ReadUInt16BigEndian(packet[8..]);
        var ar = BinaryPrimitives.ReadUInt16BigEndian(packet[10..]);

        // RFC 8490 §5.4: the opcode is checked first; a DSO message has no question, and a server without DSO
        // (any opcode but QUERY here) answers NOTIMP, echoing the question only when there is one to echo.
        var opcode = (query.Flags2 >> 3) & 0xF;
        if (opcode != 0)
        {
            if (qd == 1)
            {
                var length = WireName.ReadLower(packet, DnsConstants.HeaderLength, key, out var end);
                if (length >= 0 && end == DnsConstants.HeaderLength + length && end + 4 <= packet.Length)
                {
                    query.QuestionEnd = end + 4;
                }
            }

            return ParseResult.NotImp;
        }

        if (qd != 1)
        {
            return ParseResult.FormErr;
        }

        // The question name must be uncompressed: there is nothing before it to point to.
        var nameLength = WireName.ReadLower(packet, DnsConstants.HeaderLength, key, out var next);
        if (nameLength < 0 || next != DnsConstants.HeaderLength + nameLength || next + 4 > packet.Length)
        {
            return ParseResult.FormErr;
        }

        query.NameLength = nameLength;
        query.QType = BinaryPrimitives.ReadUInt16BigEndian(packet[next..]);
        query.QClass = BinaryPrimitives.ReadUInt16BigEndian(packet[(next + 2)..]);
        query.QuestionEnd = next + 4;

        var offset = query.QuestionEnd;
        var records = an + ns + ar;
        for (var i = 0; i < records; i++)
        {
            var afterName = WireName.Skip(packet, offset);
            if (afterName < 0 || afterName + 10 > packet.Length)
            {
                return ParseResult.FormErr;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(packet[afterName..]);
            var rdLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(afterName + 8)..]);
            var end = afterName + 10 + rdLength;
            if (end > packet.Length)
            {
                return ParseResult.FormErr;
            }

            if (type == DnsConstants.TypeOpt)
            {
                // RFC 6891 §6.1.1: one OPT, in the additional section, owned by the root.
                if (query.HasOpt || i < an + ns || afterName != offset + 1 || packet[offset] != 0)
                {
                    return ParseResult.FormErr;
                }

                query.HasOpt = true;
                query.UdpSize = BinaryPrimitives.ReadUInt16BigEndian(packet[(afterName + 2)..]);
                query.EdnsVersion = packet[afterName + 5];
                query.DnssecOk = (BinaryPrimitives.ReadUInt16BigEndian(packet[(afterName + 6)..]) & DnsConstants.EdnsDoBit) != 0;
            }

            offset = end;
        }

        if (offset != packet.Length)
        {
            // Trailing garbage: the counts lie about the message.
            return ParseResult.FormErr;
        }

        if (query.HasOpt && query.EdnsVersion != 0)
        {
            return ParseResult.BadVers;
        }

        BinaryPrimitives.WriteUInt16BigEndian(key[nameLength..], query.QType);
        BinaryPrimitives.WriteUInt16BigEndian(key[(nameLength + 2)..], query.QClass);
        key[nameLength + 4] = (byte)((query.DnssecOk ? 1 : 0) | (query.CheckingDisabled ? 2 : 0));
        query.KeyLength = nameLength + 5;
        return ParseResult.Ok;
    }
}
