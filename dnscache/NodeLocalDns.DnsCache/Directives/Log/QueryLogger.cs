using System.Buffers.Binary;
using System.Net;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Corefile.Directives.Log;
using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Log;

/// <summary>
/// The <c>log</c> directive (CoreDNS plugin/log) in its default (common) format:
/// <c>{remote}:{port} - {id} "{type} {class} {name} {proto} {size} {do} {bufsize}" {rcode} {rflags} {rsize} {duration}</c>.
/// </summary>
internal static class QueryLogger
{
    public static bool ShouldLog(LogOptions options, ReadOnlySpan<byte> name, byte rcode, bool hasAnswers)
    {
        if (options.Names.Count > 0)
        {
            var matched = false;
            foreach (var zone in options.Names)
            {
                matched |= WireName.IsInZone(name, WireName.FromText(zone));
            }

            if (!matched)
            {
                return false;
            }
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

    public static void Write(ILogger logger, LogOptions options, object? clientAddress, in ParsedQuery q, string name, bool tcp, int size, ReadOnlySpan<byte> response, TimeSpan duration)
    {
        var client = clientAddress switch
        {
            EndPoint e => e,
            System.Net.SocketAddress a => new IPEndPoint(a.Family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(a),
            _ => null,
        };
        if (options.Format is { } format && format != "{common}")
        {
            LogMessages.QueryFormatted(logger, Format(format.Replace("{common}", CommonFormat, StringComparison.Ordinal).Replace("{combined}", CommonFormat + " \"{>opcode}\"", StringComparison.Ordinal), client, q, name, tcp, size, response, duration));
            return;
        }

        var rcode = RcodeOf(response);
        LogMessages.Query(
            logger,
            client?.ToString() ?? "-",
            BinaryPrimitives.ReadUInt16BigEndian(response.Length >= 2 ? response : [0, 0]),
            RcodeNames.TypeName(q.QType),
            q.QClass == DnsConstants.ClassIn ? "IN" : $"CLASS{q.QClass}",
            name,
            tcp ? "tcp" : "udp",
            size,
            q.DnssecOk,
            q.MaxUdpResponse,
            rcode,
            Flags(response),
            response.Length,
            duration.TotalSeconds.ToString("F9", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string RcodeOf(ReadOnlySpan<byte> response) => response.Length >= 4 ? RcodeNames.Name((byte)(response[3] & 0x0F)) : "SERVFAIL";

    private static string Flags(ReadOnlySpan<byte> response)
    {
        var flags = new List<string>();
        if (response.Length >= 4)
        {
            if ((response[2] & DnsConstants.FlagQr) != 0) flags.Add("qr");
            if ((response[2] & DnsConstants.FlagAa) != 0) flags.Add("aa");
            if ((response[2] & DnsConstants.FlagTc) != 0) flags.Add("tc");
            if ((response[2] & DnsConstants.FlagRd) != 0) flags.Add("rd");
            if ((response[3] & DnsConstants.FlagRa) != 0) flags.Add("ra");
        }

        return string.Join(',', flags);
    }

    // CoreDNS's replacer placeholders (plugin/pkg/replacer); unknown ones are left as written.
    private static string Format(string format, EndPoint? client, in ParsedQuery q, string name, bool tcp, int size, ReadOnlySpan<byte> response, TimeSpan duration)
    {
        var ip = client as IPEndPoint;
        var id = response.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(response) : (ushort)0;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["{type}"] = RcodeNames.TypeName(q.QType),
            ["{name}"] = name,
            ["{class}"] = q.QClass == DnsConstants.ClassIn ? "IN" : $"CLASS{q.QClass}",
            ["{proto}"] = tcp ? "tcp" : "udp",
            ["{remote}"] = ip?.Address.IsIPv4MappedToIPv6 == true ? ip.Address.MapToIPv4().ToString() : ip?.Address.ToString() ?? "-",
            ["{port}"] = ip?.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
            ["{size}"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["{>id}"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["{>opcode}"] = ((q.Flags2 >> 3) & 0xF).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["{>do}"] = q.DnssecOk ? "true" : "false",
            ["{>bufsize}"] = q.MaxUdpResponse.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["{rcode}"] = RcodeOf(response),
            ["{rsize}"] = response.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["{>rflags}"] = Flags(response),
            ["{duration}"] = duration.TotalSeconds.ToString("F9", System.Globalization.CultureInfo.InvariantCulture) + "s",
        };
        var sb = new System.Text.StringBuilder(format);
        foreach (var (key, value) in values)
        {
            sb.Replace(key, value);
        }

        return sb.ToString();
    }
}
