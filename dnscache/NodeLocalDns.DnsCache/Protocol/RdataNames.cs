namespace NodeLocalDns.DnsCache.Protocol;

/// <summary>
/// The RDATA layouts that hold domain names, checked when an upstream answer is read. RFC 3597 §4: the types of
/// RFC 1035 may carry compressed names and must be decompressed by receivers, as should RP, AFSDB, RT, PX, KX,
/// SRV and NAPTR; RRSIG's signer, NSEC's next name and DNAME's target are names too (RFC 4034, RFC 6672). Each
/// name must decode (<see cref="WireName.Validate"/>) and the layout must fill RDLENGTH exactly (RRSIG and NSEC
/// have data after their name). A and AAAA of class IN must be 4 and 16 octets. Other types are opaque.
/// </summary>
internal static class RdataNames
{
    /// <summary>Whether the RDATA at [<paramref name="start"/>, <paramref name="end"/>) of a record of <paramref name="type"/> is well formed.</summary>
    /// <param name="message">The whole message (names may point anywhere before themselves).</param>
    /// <param name="type">The record's type.</param>
    /// <param name="cls">The record's class.</param>
    /// <param name="start">Where the RDATA starts.</param>
    /// <param name="end">Where it ends.</param>
    /// <param name="pointers">When given, receives the offset of every compression pointer followed.</param>
    public static bool Validate(ReadOnlySpan<byte> message, ushort type, ushort cls, int start, int end, List<int>? pointers)
    {
        switch (type)
        {
            case 1 when cls == DnsConstants.ClassIn:
                return end - start == 4;
            case 28 when cls == DnsConstants.ClassIn:
                return end - start == 16;

            // NS, MD, MF, CNAME, MB, MG, MR, PTR, DNAME: one name.
            case 2 or 3 or 4 or 5 or 7 or 8 or 9 or 12 or 39:
                return Name(message, start, end, pointers) == end;

            // SOA: MNAME, RNAME, then SERIAL, REFRESH, RETRY, EXPIRE, MINIMUM.
            case 6:
                {
                    var after = Name(message, Name(message, start, end, pointers), end, pointers);
                    return after >= 0 && after + 20 == end;
                }

            // MINFO, RP: two names.
            case 14 or 17:
                return Name(message, Name(message, start, end, pointers), end, pointers) == end;

            // MX, AFSDB, RT, KX: a 16-bit value, then a name.
            case 15 or 18 or 21 or 36:
                return end - start >= 3 && Name(message, start + 2, end, pointers) == end;

            // PX: preference, MAP822, MAPX400.
            case 26:
                return end - start >= 4 && Name(message, Name(message, start + 2, end, pointers), end, pointers) == end;

            // SRV: priority, weight, port, target.
            case 33:
                return end - start >= 7 && Name(message, start + 6, end, pointers) == end;

            // NAPTR: order, preference, FLAGS, SERVICES, REGEXP (character-strings), REPLACEMENT.
            case 35:
                {
                    var position = start + 4;
                    for (var i = 0; i < 3 && position >= 0; i++)
                    {
                        position = position < end ? position + 1 + message[position] : -1;
                    }

                    return position >= 0 && position <= end && Name(message, position, end, pointers) == end;
                }

            // RRSIG: 18 octets of fields, the signer's name, the signature.
            case 46:
                return end - start > 18 && Name(message, start + 18, end, pointers) >= 0;

            // NSEC: the next owner name, the type bit maps.
            case 47:
                return Name(message, start, end, pointers) >= 0;
            default:
                return true;
        }
    }

    private static int Name(ReadOnlySpan<byte> message, int offset, int end, List<int>? pointers) =>
        offset < 0 || offset >= end ? -1 : WireName.Validate(message, offset, end, pointers);
}
