using System.Buffers.Binary;
using System.Net;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Plugins;

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
                matched |= WireName.IsInZone(name, HostsTable.Wire(zone));
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

    public static void Write(ILogger logger, EndPoint? client, in ParsedQuery q, string name, bool tcp, int size, ReadOnlySpan<byte> response, TimeSpan duration)
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

        var rcode = response.Length >= 4 ? RcodeNames.Name((byte)(response[3] & 0x0F)) : "SERVFAIL";
        Log.Query(
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
            string.Join(',', flags),
            response.Length,
            duration.TotalSeconds.ToString("F9", System.Globalization.CultureInfo.InvariantCulture));
    }
}
