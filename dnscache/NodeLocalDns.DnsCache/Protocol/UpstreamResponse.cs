using System.Buffers.Binary;

namespace NodeLocalDns.DnsCache.Protocol;

/// <summary>
/// An upstream's answer, checked and prepared for storing: ID zeroed, OPT removed (we add our own per
/// client), TTL offsets found once so every later answer patches them without parsing, and the TTL the
/// entry may live for (RFC 2308 §5 for denials: the SOA's TTL capped by its MINIMUM field).
/// Every name is decoded, the owners' and those inside the RDATA of the types that carry names
/// (<see cref="RdataNames"/>): an answer with a name that cannot be read is malformed, is never passed on and
/// never cached (unbound answers SERVFAIL for it, and so do we).
/// </summary>
internal sealed class UpstreamResponse
{
    private UpstreamResponse(byte[] body, ushort[] ttlOffsets, ResponseKind kind, byte rcode, uint ttl, bool truncated)
    {
        Body = body;
        TtlOffsets = ttlOffsets;
        Kind = kind;
        Rcode = rcode;
        Ttl = ttl;
        Truncated = truncated;
    }

    public byte[] Body { get; }

    public ushort[] TtlOffsets { get; }

    public ResponseKind Kind { get; }

    public byte Rcode { get; }

    /// <summary>The smallest TTL of the records (or the RFC 2308 negative TTL for denials).</summary>
    public uint Ttl { get; }

    public bool Truncated { get; }

    /// <summary>
    /// Checks <paramref name="packet"/> against what we asked (ID, QR, and the question, compared
    /// case-insensitively: RFC 5452 §9.1) and prepares it; <c>null</c> when it must be discarded.
    /// </summary>
    public static UpstreamResponse? TryCreate(ReadOnlySpan<byte> packet, ushort expectedId, ReadOnlySpan<byte> keyName, ushort qtype, ushort qclass) =>
        TryCreate(packet, expectedId, keyName, qtype, qclass, out _);

    /// <summary>
    /// As <see cref="TryCreate(ReadOnlySpan{byte}, ushort, ReadOnlySpan{byte}, ushort, ushort)"/>; <paramref name="problem"/> says why it was
    /// discarded.
    /// </summary>
    public static UpstreamResponse? TryCreate(
        ReadOnlySpan<byte> packet, ushort expectedId, ReadOnlySpan<byte> keyName, ushort qtype, ushort qclass, out string? problem)
    {
        problem = "not an answer to our query";
        if (packet.Length < DnsConstants.HeaderLength || BinaryPrimitives.ReadUInt16BigEndian(packet) != expectedId || (packet[2] & DnsConstants.FlagQr) == 0)
        {
            return null;
        }

        var qd = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        var an = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        var ns = BinaryPrimitives.ReadUInt16BigEndian(packet[8..]);
        var ar = BinaryPrimitives.ReadUInt16BigEndian(packet[10..]);
        if (qd != 1)
        {
            return null;
        }

        Span<byte> name = stackalloc byte[DnsConstants.MaxNameLength];
        var nameLength = WireName.ReadLower(packet, DnsConstants.HeaderLength, name, out var next);
        if (nameLength < 0 || next + 4 > packet.Length || !name[..nameLength].SequenceEqual(keyName) ||
            BinaryPrimitives.ReadUInt16BigEndian(packet[next..]) != qtype || BinaryPrimitives.ReadUInt16BigEndian(packet[(next + 2)..]) != qclass)
        {
            return null;
        }

        // The question must be stored uncompressed so its length equals the client's.
        problem = "malformed answer";
        if (next != DnsConstants.HeaderLength + nameLength)
        {
            return null;
        }

        var rcode = (byte)(packet[3] & 0x0F);
        var truncated = (packet[2] & DnsConstants.FlagTc) != 0;
        var total = an + ns + ar;
        var offsets = new ushort[total];
        var ttlCount = 0;
        var offset = next + 4;
        var optStart = -1;
        var optEnd = -1;
        var minTtl = uint.MaxValue;
        uint? negativeTtl = null;
        for (var i = 0; i < total; i++)
        {
            var afterName = WireName.Validate(packet, offset, packet.Length, null);
            if (afterName < 0 || afterName + 10 > packet.Length)
            {
                return null;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(packet[afterName..]);
            var cls = BinaryPrimitives.ReadUInt16BigEndian(packet[(afterName + 2)..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(packet[(afterName + 4)..]);
            var rdLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(afterName + 8)..]);
            var end = afterName + 10 + rdLength;
            if (end > packet.Length)
            {
                return null;
            }

            if (type == DnsConstants.TypeOpt)
            {
                // RFC 6891 §6.1.1: one OPT, in the additional section, owned by the root.
                if (optStart >= 0 || i < an + ns || afterName != offset + 1)
                {
                    return null;
                }

                optStart = offset;
                optEnd = end;
            }
            else
            {
                if (!RdataNames.Validate(packet, type, cls, afterName + 10, end, null))
                {
                    return null;
                }

                // RFC 2181 §8: a TTL with the top bit set is treated as zero.
                if (ttl > int.MaxValue)
                {
                    ttl = 0;
                }

                offsets[ttlCount++] = (ushort)(afterName + 4);
                minTtl = Math.Min(minTtl, ttl);
                if (type == DnsConstants.TypeSoa && i >= an && i < an + ns)
                {
                    // RFC 2308 §5: the negative TTL is the smaller of the SOA's TTL and its MINIMUM field.
                    var minimum = BinaryPrimitives.ReadUInt32BigEndian(packet[(end - 4)..]);
                    negativeTtl = Math.Min(ttl, minimum > int.MaxValue ? 0 : minimum);
                }
            }

            offset = end;
        }

        // Bytes after the last record are ignored, as unbound ignores them; they are not stored.
        var messageEnd = offset;
        byte[] body;
        if (optStart < 0)
        {
            body = packet[..messageEnd].ToArray();
        }
        else
        {
            body = WithoutOpt(packet[..messageEnd], optStart, optEnd, total);
            if (body.Length == 0)
            {
                return null;
            }

            var removed = optEnd - optStart;
            for (var i = 0; i < ttlCount; i++)
            {
                if (offsets[i] > optStart)
                {
                    offsets[i] = (ushort)(offsets[i] - removed);
                }
            }

            BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(10), (ushort)(ar - 1));
        }

        problem = null;
        BinaryPrimitives.WriteUInt16BigEndian(body, 0);
        body[2] &= unchecked((byte)~DnsConstants.FlagTc);

        ResponseKind kind;
        uint entryTtl;
        if (truncated)
        {
            kind = ResponseKind.Uncacheable;
            entryTtl = 0;
        }
        else if (rcode == DnsConstants.RcodeServFail)
        {
            kind = ResponseKind.ServFail;
            entryTtl = 0;
        }
        else if (rcode == DnsConstants.RcodeNoError && an > 0)
        {
            kind = ResponseKind.Success;
            entryTtl = minTtl == uint.MaxValue ? 0 : minTtl;
        }
        else if ((rcode == DnsConstants.RcodeNxDomain || (rcode == DnsConstants.RcodeNoError && an == 0)) && negativeTtl is { } neg)
        {
            kind = ResponseKind.Denial;
            entryTtl = neg;
        }
        else
        {
            // RFC 2308 §5: a negative answer without an SOA SHOULD NOT be cached.
            kind = ResponseKind.Uncacheable;
            entryTtl = 0;
        }

        return new UpstreamResponse(body, ttlCount == offsets.Length ? offsets : offsets[..ttlCount], kind, rcode, entryTtl, truncated);
    }

    // The message without the OPT record at [optStart, optEnd): every compression pointer after the OPT that
    // points past it is moved back by the OPT's length, so each name still names what it named (a pointer into
    // the OPT is malformed: an empty array).
    private static byte[] WithoutOpt(ReadOnlySpan<byte> packet, int optStart, int optEnd, int records)
    {
        var removed = optEnd - optStart;
        var body = new byte[packet.Length - removed];
        packet[..optStart].CopyTo(body);
        packet[optEnd..].CopyTo(body.AsSpan(optStart));
        if (optEnd == packet.Length)
        {
            return body;
        }

        var pointers = new List<int>();
        var offset = WireName.Skip(packet, DnsConstants.HeaderLength) + 4;
        for (var i = 0; i < records; i++)
        {
            var afterName = WireName.Validate(packet, offset, packet.Length, pointers);
            var type = BinaryPrimitives.ReadUInt16BigEndian(packet[afterName..]);
            var cls = BinaryPrimitives.ReadUInt16BigEndian(packet[(afterName + 2)..]);
            var end = afterName + 10 + BinaryPrimitives.ReadUInt16BigEndian(packet[(afterName + 8)..]);
            if (type != DnsConstants.TypeOpt)
            {
                RdataNames.Validate(packet, type, cls, afterName + 10, end, pointers);
            }

            offset = end;
        }

        foreach (var position in pointers.Distinct())
        {
            var target = BinaryPrimitives.ReadUInt16BigEndian(packet[position..]) & 0x3FFF;
            if (target >= optStart && target < optEnd)
            {
                return [];
            }

            if (position >= optEnd && target >= optEnd)
            {
                BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(position - removed), (ushort)(0xC000 | (target - removed)));
            }
            else if (position >= optEnd)
            {
                continue;
            }
            else if (target >= optEnd)
            {
                // A pointer before the OPT pointing after it points forwards: Validate has rejected it already.
                return [];
            }
        }

        return body;
    }
}
