namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>
/// 0x20 encoding (draft-vixie-dnsext-dns0x20): each letter of a query's name gets an upper or lower case from the
/// system CSPRNG. Servers echo the question as they received it (RFC 1035 §4.1.1, RFC 4343 §4.1), so an answer whose
/// question is not spelt exactly as sent did not come from the server we asked: a forger must guess one bit per
/// letter on top of the ID and the port.
/// </summary>
internal static class CaseRandomizer
{
    /// <summary>Randomises the case of the letters of the uncompressed wire name <paramref name="name"/> in place.</summary>
    public static void Apply(Span<byte> name)
    {
        var bits = 0;
        var left = 0;
        var position = 0;
        while (position < name.Length && name[position] != 0)
        {
            var end = position + 1 + name[position];
            for (var i = position + 1; i < end && i < name.Length; i++)
            {
                var c = name[i];
                if ((c | 0x20) is < (byte)'a' or > (byte)'z')
                {
                    continue;
                }

                if (left == 0)
                {
                    bits = RandomIds.Next();
                    left = 16;
                }

                name[i] = (bits & 1) != 0 ? (byte)(c & ~0x20) : (byte)(c | 0x20);
                bits >>= 1;
                left--;
            }

            position = end;
        }
    }
}
