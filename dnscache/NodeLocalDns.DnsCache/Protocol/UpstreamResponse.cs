using System.Buffers.Binary;

namespace NodeLocalDns.DnsCache.Protocol;

/// <summary>
/// An upstream's answer, checked and prepared for storing: ID zeroed, OPT removed (we add our own per
/// client), TTL offsets found once so every later answer patches them without parsing, and the TTL the
/// entry may live for (RFC 2308 §5 for denials: the SOA's TTL capped by its MINIMUM field).
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
    public static UpstreamResponse? TryCreate(ReadOnlySpan<byte> packet, ushort expectedId, ReadOnlySpan<byte> keyName, ushort qtype, ushort qclass)
    {
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
        if (next != DnsConstants.HeaderLength + nameLength)
        {
            return null;
        }

        var rcode = (byte)(packet[3] & 0x0F);
        var truncated = (packet[2] & DnsConstants.FlagTc) != 0;
        var offset = next + 4;
        var offsets = new List<ushort>(an + ns + ar);
        var optStart = -1;
        var optEnd = -1;
        var minTtl = uint.MaxValue;
        uint? negativeTtl = null;
        var total = an + ns + ar;
        for (var i = 0; i < total; i++)
        {
            var afterName = WireName.Skip(packet, offset);
            if (afterName < 0 || afterName + 10 > packet.Length)
            {
                return null;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(packet[afterName..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(packet[(afterName + 4)..]);
            var rdLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(afterName + 8)..]);
            var end = afterName + 10 + rdLength;
            if (end > packet.Length)
            {
                return null;
            }

            if (type == DnsConstants.TypeOpt)
            {
                if (optStart >= 0)
                {
                    return null;
                }

                optStart = offset;
                optEnd = end;
            }
            else
            {
                // RFC 2181 §8: a TTL with the top bit set is treated as zero.
                if (ttl > int.MaxValue)
                {
                    ttl = 0;
                }

                offsets.Add((ushort)(afterName + 4 - (optStart >= 0 ? optEnd - optStart : 0)));
                minTtl = Math.Min(minTtl, ttl);
                if (type == DnsConstants.TypeSoa && i >= an && i < an + ns && rdLength >= 22)
                {
                    // RFC 2308 §5: the negative TTL is the smaller of the SOA's TTL and its MINIMUM field.
                    var minimum = BinaryPrimitives.ReadUInt32BigEndian(packet[(end - 4)..]);
                    negativeTtl = Math.Min(ttl, minimum > int.MaxValue ? 0 : minimum);
                }
            }

            offset = end;
        }

        if (offset != packet.Length)
        {
            return null;
        }

        var body = new byte[packet.Length - (optStart >= 0 ? optEnd - optStart : 0)];
        if (optStart >= 0)
        {
            packet[..optStart].CopyTo(body);
            packet[optEnd..].CopyTo(body.AsSpan(optStart));
            BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(10), (ushort)(ar - 1));
        }
        else
        {
            packet.CopyTo(body);
        }

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

        // A record after a removed OPT in the middle could hold pointers that moved: pass it on, never store it.
        if (optStart >= 0 && optEnd != packet.Length && kind != ResponseKind.Uncacheable)
        {
            kind = ResponseKind.Uncacheable;
        }

        return new UpstreamResponse(body, [.. offsets], kind, rcode, entryTtl, truncated);
    }
}
