using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Corefile.Directives.Log;
using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Log;

/// <summary>
/// The <c>log</c> directive (CoreDNS plugin/log), byte for byte as CoreDNS writes it (plugin/pkg/replacer), so
/// parsers of CoreDNS's query log read ours unchanged. The default (common) format is
/// <c>{remote}:{port} - {>id} "{type} {class} {name} {proto} {size} {>do} {>bufsize}" {rcode} {>rflags} {rsize} {duration}</c>.
/// </summary>
internal static class QueryLogger
{
    /// <summary>Whether a query is logged: its name under one of <paramref name="names"/> (wire form; none: any name) and its class listed.</summary>
    public static bool ShouldLog(LogOptions options, byte[][] names, ReadOnlySpan<byte> name, byte rcode, bool hasAnswers)
    {
        if (names.Length > 0 && !WireName.IsInAnyZone(name, names))
        {
            return false;
        }

        // CoreDNS's response classes: success, denial (NXDOMAIN, NODATA), error (the rest).
        var cls = rcode switch
        {
            DnsConstants.RcodeNoError when hasAnswers => "success",
            DnsConstants.RcodeNoError or DnsConstants.RcodeNxDomain => "denial",
            _ => "error",
        };
        return options.Classes.Contains("all") || options.Classes.Contains(cls);
    }

    /// <summary>CoreDNS's {common} format.</summary>
    public const string CommonFormat = "{remote}:{port} - {>id} \"{type} {class} {name} {proto} {size} {>do} {>bufsize}\" {rcode} {>rflags} {rsize} {duration}";

    /// <summary>CoreDNS's {combined} format: common and the opcode.</summary>
    public const string CombinedFormat = CommonFormat + " \"{>opcode}\"";

    /// <summary>Logs one query (see <see cref="Format"/>).</summary>
    /// <param name="logger">Where the line goes.</param>
    /// <param name="options">The directive's options (its format).</param>
    /// <param name="clientAddress">The client, an <see cref="EndPoint"/> or a <see cref="System.Net.SocketAddress"/>.</param>
    /// <param name="q">The parsed query.</param>
    /// <param name="name">The question name as the client wrote it, escaped (<see cref="WireName.ToText"/>).</param>
    /// <param name="tcp">Whether it came over TCP.</param>
    /// <param name="size">The query's length.</param>
    /// <param name="response">The answer sent.</param>
    /// <param name="duration">How long answering took.</param>
    public static void Write(ILogger logger, LogOptions options, object? clientAddress, in ParsedQuery q, string name, bool tcp, int size,
        ReadOnlySpan<byte> response, TimeSpan duration)
    {
        var client = clientAddress switch
        {
            IPEndPoint e => e,
            System.Net.SocketAddress a => (IPEndPoint)new IPEndPoint(a.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(a),
            _ => null,
        };
        var format = options.Format is { } f
            ? f.Replace("{common}", CommonFormat, StringComparison.Ordinal).Replace("{combined}", CombinedFormat, StringComparison.Ordinal)
            : CommonFormat;
        LogMessages.QueryFormatted(logger, Format(format, client, q, name, tcp, size, response, duration));
    }

    /// <summary>Replaces CoreDNS's placeholders in <paramref name="format"/>; unknown ones are left as written.</summary>
    public static string Format(
        string format, IPEndPoint? client, in ParsedQuery q, string name, bool tcp, int size, ReadOnlySpan<byte> response, TimeSpan duration)
    {
        var sb = new StringBuilder(format.Length + 64);
        var i = 0;
        while (i < format.Length)
        {
            var open = format.IndexOf('{', i);
            var close = open < 0 ? -1 : format.IndexOf('}', open);
            if (close < 0)
            {
                sb.Append(format, i, format.Length - i);
                break;
            }

            sb.Append(format, i, open - i);
            var placeholder = format.Substring(open, close - open + 1);
            if (Value(placeholder, client, q, name, tcp, size, response, duration) is { } value)
            {
                sb.Append(value);
            }
            else
            {
                sb.Append(placeholder);
            }

            i = close + 1;
        }

        return sb.ToString();
    }

    private static string? Value(
        string placeholder, IPEndPoint? client, in ParsedQuery q, string name, bool tcp, int size, ReadOnlySpan<byte> response, TimeSpan duration)
    {
        var address = client?.Address is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : client?.Address;
        return placeholder switch
        {
            "{type}" => RcodeNames.TypeName(q.QType),
            "{name}" => name,
            "{class}" => ClassName(q.QClass),
            "{proto}" => tcp ? "tcp" : "udp",

            // RFC 3986 §3.2.2: an IPv6 address in brackets, as CoreDNS writes {remote}.
            "{remote}" => address is null ? "-" : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString(),
            "{port}" => client?.Port.ToString(CultureInfo.InvariantCulture) ?? "-",
            "{size}" => size.ToString(CultureInfo.InvariantCulture),
            "{>id}" => q.Id.ToString(CultureInfo.InvariantCulture),
            "{>opcode}" => ((q.Flags2 >> 3) & 0xF).ToString(CultureInfo.InvariantCulture),
            "{>do}" => q.DnssecOk ? "true" : "false",

            // CoreDNS's state.Size(): 65535 over TCP, else the EDNS size, at least 512.
            "{>bufsize}" => (tcp ? ushort.MaxValue : Math.Max(DnsConstants.ClassicUdpSize, q.HasOpt ? q.UdpSize : 0)).ToString(CultureInfo.InvariantCulture),
            "{rcode}" => response.Length >= 4 ? RcodeName((byte)(response[3] & 0x0F)) : "-",
            "{rsize}" => response.Length.ToString(CultureInfo.InvariantCulture),
            "{>rflags}" => response.Length >= 4 ? Flags(response) : "-",
            "{duration}" => Duration(duration),
            _ => null,
        };
    }

    // miekg/dns's RcodeToString, and the number for codes it has no name for (CoreDNS's replacer).
    private static string RcodeName(byte rcode) => rcode <= 10 ? RcodeNames.Name(rcode) : rcode.ToString(CultureInfo.InvariantCulture);

    // miekg/dns's ClassToString.
    private static string ClassName(ushort cls) => cls switch
    {
        1 => "IN",
        2 => "CS",
        3 => "CH",
        4 => "HS",
        254 => "NONE",
        255 => "ANY",
        _ => "CLASS" + cls.ToString(CultureInfo.InvariantCulture),
    };

    // CoreDNS's appendFlags: qr,aa,tc,rd,ra,z,ad,cd, those set.
    private static string Flags(ReadOnlySpan<byte> response)
    {
        var sb = new StringBuilder(24);
        void Add(bool set, string flag)
        {
            if (set)
            {
                sb.Append(sb.Length > 0 ? "," : string.Empty).Append(flag);
            }
        }

        Add((response[2] & DnsConstants.FlagQr) != 0, "qr");
        Add((response[2] & DnsConstants.FlagAa) != 0, "aa");
        Add((response[2] & DnsConstants.FlagTc) != 0, "tc");
        Add((response[2] & DnsConstants.FlagRd) != 0, "rd");
        Add((response[3] & DnsConstants.FlagRa) != 0, "ra");
        Add((response[3] & 0x40) != 0, "z");
        Add((response[3] & DnsConstants.FlagAd) != 0, "ad");
        Add((response[3] & DnsConstants.FlagCd) != 0, "cd");
        return sb.ToString();
    }

    // Go's strconv.AppendFloat(seconds, 'f', -1, 64) of a nanosecond duration, then "s": the shortest decimal,
    // no exponent and no trailing zeros ("0.000110581s", "1s").
    private static string Duration(TimeSpan duration)
    {
        var nanos = Math.Max(0, duration.Ticks) * 100;
        var whole = nanos / 1_000_000_000;
        var fraction = nanos % 1_000_000_000;
        var text = whole.ToString(CultureInfo.InvariantCulture);
        if (fraction != 0)
        {
            text += "." + fraction.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        return text + "s";
    }
}
