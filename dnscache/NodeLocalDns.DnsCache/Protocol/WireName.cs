using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace NodeLocalDns.DnsCache.Protocol;

/// <summary>
/// Reading names on the wire (RFC 1035 §4.1.4), defensively: every pointer must point strictly backwards
/// and at most 127 hops are followed, so a pointer loop or a pointer past the end cannot hang or throw.
/// </summary>
internal static class WireName
{
    private const int MaxHops = 127;

    /// <summary>Skips the name at <paramref name="offset"/>; returns the offset after it in the message, or -1 if malformed.</summary>
    public static int Skip(ReadOnlySpan<byte> message, int offset)
    {
        var total = 0;
        while (true)
        {
            if (offset >= message.Length)
            {
                return -1;
            }

            var len = message[offset];
            if (len == 0)
            {
                return offset + 1;
            }

            if ((len & 0xC0) == 0xC0)
            {
                // A pointer ends the name in this position; where it points is checked when the name is read.
                return offset + 2 <= message.Length ? offset + 2 : -1;
            }

            if ((len & 0xC0) != 0)
            {
                return -1;
            }

            total += len + 1;
            if (total > DnsConstants.MaxNameLength)
            {
                return -1;
            }

            offset += len + 1;
        }
    }

    /// <summary>
    /// Decodes the name at <paramref name="offset"/> completely without copying it: every label well formed and
    /// every compression pointer followed. A pointer must point before itself, and the labels read after a jump
    /// must end before that pointer, so each jump lowers the bound and no chain can loop (a pointer to itself,
    /// or a label run that leads back to the pointer, is malformed). The name's own bytes must end by
    /// <paramref name="limit"/> (its record's RDATA end); the whole name is at most 255 octets (RFC 1035 §2.3.4).
    /// </summary>
    /// <returns>The offset after the name where it started, or -1 if it is malformed.</returns>
    /// <param name="message">The whole message.</param>
    /// <param name="offset">Where the name starts.</param>
    /// <param name="limit">Where its own bytes must end.</param>
    /// <param name="pointers">When given, receives the offset of every pointer followed.</param>
    public static int Validate(ReadOnlySpan<byte> message, int offset, int limit, List<int>? pointers)
    {
        var bound = Math.Min(limit, message.Length);
        var position = offset;
        var next = -1;
        var length = 1;
        while (true)
        {
            if (position >= bound)
            {
                return -1;
            }

            var len = message[position];
            if ((len & 0xC0) == 0xC0)
            {
                if (position + 2 > bound)
                {
                    return -1;
                }

                var target = BinaryPrimitives.ReadUInt16BigEndian(message[position..]) & 0x3FFF;
                if (target >= position || target < DnsConstants.HeaderLength)
                {
                    return -1;
                }

                pointers?.Add(position);
                if (next < 0)
                {
                    next = position + 2;
                }

                bound = position;
                position = target;
                continue;
            }

            if ((len & 0xC0) != 0)
            {
                return -1;
            }

            if (len == 0)
            {
                return next < 0 ? position + 1 : next;
            }

            length += len + 1;
            if (length > DnsConstants.MaxNameLength || position + 1 + len > bound)
            {
                return -1;
            }

            position += len + 1;
        }
    }

    /// <summary>
    /// Writes the lower-cased, uncompressed wire form of the name at <paramref name="offset"/> into
    /// <paramref name="destination"/>; returns its length, or -1 if malformed. <paramref name="next"/> is the
    /// offset after the name where it started.
    /// </summary>
    public static int ReadLower(ReadOnlySpan<byte> message, int offset, Span<byte> destination, out int next)
    {
        next = -1;
        var written = 0;
        var hops = 0;
        var position = offset;
        while (true)
        {
            if (position >= message.Length)
            {
                return -1;
            }

            var len = message[position];
            if ((len & 0xC0) == 0xC0)
            {
                if (position + 1 >= message.Length || ++hops > MaxHops)
                {
                    return -1;
                }

                var target = BinaryPrimitives.ReadUInt16BigEndian(message[position..]) & 0x3FFF;
                if (next < 0)
                {
                    next = position + 2;
                }

                // Only backward pointers: this alone rules out loops.
                if (target >= position)
                {
                    return -1;
                }

                position = target;
                continue;
            }

            if ((len & 0xC0) != 0 || written + len + 1 > DnsConstants.MaxNameLength || written + len + 1 > destination.Length ||
                position + len + 1 > message.Length)
            {
                return -1;
            }

            destination[written++] = len;
            if (len == 0)
            {
                if (next < 0)
                {
                    next = position + 1;
                }

                return written;
            }

            for (var i = 1; i <= len; i++)
            {
                var c = message[position + i];
                destination[written++] = c is >= (byte)'A' and <= (byte)'Z' ? (byte)(c | 0x20) : c;
            }

            position += len + 1;
        }
    }

    /// <summary>
    /// Whether two uncompressed wire names are equal ignoring ASCII case (RFC 4343 §3: only A-Z and a-z fold; other
    /// octets compare exactly). Length octets are below 64 and so never fold.
    /// </summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            var x = a[i];
            var y = b[i];
            if (x != y && ((x | 0x20) != (y | 0x20) || (x | 0x20) is < (byte)'a' or > (byte)'z'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The presentation form (<c>www.example.org.</c>) of an uncompressed wire name, escaped as miekg/dns (and so
    /// CoreDNS) prints names: <c>. space ' @ ; ( ) " \</c> in a label get a backslash, other octets outside
    /// printable ASCII become <c>\DDD</c>. The case is kept.
    /// </summary>
    public static string ToText(ReadOnlySpan<byte> wire)
    {
        if (wire.Length <= 1)
        {
            return ".";
        }

        Span<char> chars = stackalloc char[(DnsConstants.MaxNameLength * 4) + 1];
        var n = ToChars(wire, chars);
        chars[n++] = '.';
        return new string(chars[..n]);
    }

    /// <summary>
    /// Writes the wire form of a presentation name (<c>a.example.org.</c>) into <paramref name="destination"/>, ASCII
    /// letters in lower case (as <see cref="ReadLower"/> reads names); returns the length, or -1 when it is not a valid
    /// name. Escapes are read as RFC 1035 §5.1 and miekg/dns write them: <c>\X</c> is the octet X (so <c>\.</c> is a dot
    /// inside a label) and <c>\DDD</c> the octet DDD, so <c>zz\.example.com</c> has the labels <c>zz.example</c> and
    /// <c>com</c>, the name <see cref="ToText"/> prints for them.
    /// </summary>
    public static int FromText(string name, Span<byte> destination)
    {
        var written = 0;
        var labelStart = -1;
        Span<byte> octets = stackalloc byte[4];
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '.')
            {
                // Closes the open label; a dot with none open is an empty label, allowed only as the root name ".".
                if (labelStart < 0 && name.Length != 1)
                {
                    return -1;
                }

                labelStart = -1;
                continue;
            }

            // The octets this character stands for: an escape's, a letter folded to lower case, or, outside ASCII, its
            // UTF-8 encoding (as a Go string, and so CoreDNS, carries it).
            var count = 1;
            if (c == '\\')
            {
                if (i + 3 < name.Length && char.IsAsciiDigit(name[i + 1]) && char.IsAsciiDigit(name[i + 2]) && char.IsAsciiDigit(name[i + 3]))
                {
                    var value = ((name[i + 1] - '0') * 100) + ((name[i + 2] - '0') * 10) + (name[i + 3] - '0');
                    if (value > 0xFF)
                    {
                        return -1;
                    }

                    octets[0] = (byte)value;
                    i += 3;
                }
                else if (i + 1 < name.Length && name[i + 1] <= 0x7F)
                {
                    octets[0] = (byte)name[++i];
                }
                else
                {
                    return -1;
                }
            }
            else if (c > 0x7F)
            {
                if (Rune.DecodeFromUtf16(name.AsSpan(i), out var rune, out var consumed) != OperationStatus.Done)
                {
                    return -1;
                }

                count = rune.EncodeToUtf8(octets);
                i += consumed - 1;
            }
            else
            {
                octets[0] = (byte)c;
            }

            if (octets[0] is >= (byte)'A' and <= (byte)'Z')
            {
                // \065 and \A fold too: ReadLower folds every ASCII letter of a query's name.
                octets[0] |= 0x20;
            }

            if (labelStart < 0)
            {
                labelStart = written;
                written++;
            }

            if (written - labelStart - 1 + count > 63 || written + count + 1 > destination.Length)
            {
                return -1;
            }

            octets[..count].CopyTo(destination[written..]);
            written += count;
            destination[labelStart] = (byte)(written - labelStart - 1);
        }

        if (written + 1 > Math.Min(destination.Length, DnsConstants.MaxNameLength))
        {
            return -1;
        }

        destination[written++] = 0;
        return written;
    }

    /// <summary>The wire form of a presentation name, lower case; false when it is not a valid name.</summary>
    public static bool TryFromText(string name, [NotNullWhen(true)] out byte[]? wire)
    {
        Span<byte> buffer = stackalloc byte[DnsConstants.MaxNameLength + 1];
        var n = FromText(name, buffer);
        wire = n < 0 ? null : buffer[..n].ToArray();
        return wire is not null;
    }

    /// <summary>The wire form of a presentation name from the configuration, lower case.</summary>
    /// <exception cref="FormatException">It is not a domain name: a configuration error, never the root name in its place.</exception>
    public static byte[] FromText(string name) =>
        TryFromText(name, out var wire)
            ? wire
            : throw new FormatException($"'{name}' is not a domain name (an empty label, a label over 63 octets, or over 255 octets).");

    /// <summary>True when the uncompressed lower-case wire name equals <paramref name="zone"/> or lies below it.</summary>
    public static bool IsInZone(ReadOnlySpan<byte> name, ReadOnlySpan<byte> zone)
    {
        var i = 0;
        while (i < name.Length)
        {
            if (name.Length - i == zone.Length)
            {
                return name[i..].SequenceEqual(zone);
            }

            if (name.Length - i < zone.Length || name[i] == 0)
            {
                return false;
            }

            i += name[i] + 1;
        }

        return false;
    }

    /// <summary>True when <paramref name="name"/> is in one of <paramref name="zones"/> (see <see cref="IsInZone"/>).</summary>
    public static bool IsInAnyZone(ReadOnlySpan<byte> name, byte[][] zones)
    {
        foreach (var zone in zones)
        {
            if (IsInZone(name, zone))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Writes the presentation form without the trailing dot (<c>www.example.org</c>, the root as empty), escaped as
    /// <see cref="ToText"/> escapes it, into <paramref name="destination"/> (room for four characters an octet);
    /// returns its length. A dot is a label boundary exactly when it is not escaped.
    /// </summary>
    public static int ToChars(ReadOnlySpan<byte> wire, Span<char> destination)
    {
        var written = 0;
        var i = 0;
        while (i < wire.Length && wire[i] != 0)
        {
            if (written > 0)
            {
                destination[written++] = '.';
            }

            var len = wire[i];
            for (var j = 1; j <= len && i + j < wire.Length; j++)
            {
                var c = wire[i + j];
                if (c is (byte)'.' or (byte)' ' or (byte)'\'' or (byte)'@' or (byte)';' or (byte)'(' or (byte)')' or (byte)'"' or (byte)'\\')
                {
                    destination[written++] = '\\';
                    destination[written++] = (char)c;
                }
                else if (c < (byte)' ' || c > (byte)'~')
                {
                    destination[written++] = '\\';
                    destination[written++] = (char)('0' + (c / 100));
                    destination[written++] = (char)('0' + (c / 10 % 10));
                    destination[written++] = (char)('0' + (c % 10));
                }
                else
                {
                    destination[written++] = (char)c;
                }
            }

            i += len + 1;
        }

        return written;
    }
}
