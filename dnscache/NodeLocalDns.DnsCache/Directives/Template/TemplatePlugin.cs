using System.Text.RegularExpressions;
using NodeLocalDns.Corefile.Directives.Template;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Template;

/// <summary>
/// One <c>template</c> directive (CoreDNS plugin/template): for queries of its class, type and zones whose
/// name matches one of its regular expressions, answer with its records and rcode. The common case
/// (<c>template IN AAAA { rcode NOERROR }</c>, no records, no regex) answers without allocating.
/// </summary>
internal sealed class TemplatePlugin
{
    private readonly ushort _class;
    private readonly ushort _type;
    private readonly byte[][] _zones;
    private readonly Regex[] _match;
    private readonly TemplateRecord[] _answer;
    private readonly TemplateRecord[] _authority;
    private readonly TemplateRecord[] _additional;
    private readonly byte _rcode;
    private readonly byte[][]? _fallthrough;

    public TemplatePlugin(TemplateOptions options)
    {
        _class = options.Class switch { "IN" => DnsConstants.ClassIn, "CH" => 3, _ => 255 };
        _type = options.Type == "ANY" ? DnsConstants.TypeAny : TypeCode(options.Type);
        _zones = [.. options.Zones.Select(WireName.FromText)];
        _match = [.. options.Match.Select(m => new Regex(m, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100)))];
        _answer = [.. options.Answer.Select(TemplateRecord.Parse)];
        _authority = [.. options.Authority.Select(TemplateRecord.Parse)];
        _additional = [.. options.Additional.Select(TemplateRecord.Parse)];
        _rcode = options.Rcode switch
        {
            "NOERROR" => 0,
            "FORMERR" => 1,
            "SERVFAIL" => 2,
            "NXDOMAIN" => 3,
            "NOTIMP" => 4,
            "REFUSED" => 5,
            _ => 0,
        };
        _fallthrough = options.Fallthrough is { } f ? (f.Count == 0 ? [[0]] : [.. f.Select(WireName.FromText)]) : null;
    }

    /// <summary>Answers into <paramref name="destination"/>; 0 when the query is not for this template.</summary>
    public int TryAnswer(ReadOnlySpan<byte> query, in ParsedQuery q, ReadOnlySpan<byte> name, int limit, Span<byte> destination)
    {
        if ((_class != 255 && q.QClass != _class) || (_type != DnsConstants.TypeAny && q.QType != _type) || !WireName.IsInAnyZone(name, _zones))
        {
            return 0;
        }

        if (_match.Length > 0)
        {
            var text = WireName.ToText(name);
            if (!_match.Any(r => r.IsMatch(text)))
            {
                // CoreDNS: a zone match without a regex match goes on only with fallthrough.
                return _fallthrough is not null && WireName.IsInAnyZone(name, _fallthrough)
                    ? 0
                    : ResponseWriter.WriteEmpty(query, q, DnsConstants.RcodeServFail, destination);
            }
        }

        if (_answer.Length == 0 && _authority.Length == 0 && _additional.Length == 0)
        {
            return ResponseWriter.WriteEmpty(query, q, _rcode, destination);
        }

        var builder = new AnswerBuilder(query, q, _rcode);
        Add(builder, 0, _answer);
        Add(builder, 1, _authority);
        Add(builder, 2, _additional);
        var (body, offsets) = builder.Build();
        return ResponseWriter.Write(query, q, body, offsets, -1, limit, destination);
    }

    private static void Add(AnswerBuilder builder, int section, TemplateRecord[] records)
    {
        foreach (var r in records)
        {
            builder.Add(section, r.Owner, r.Type, r.Class, r.Ttl, r.Data);
        }
    }

    private static ushort TypeCode(string type) => type switch
    {
        "A" => DnsConstants.TypeA,
        "AAAA" => DnsConstants.TypeAaaa,
        "TXT" => DnsConstants.TypeTxt,
        "CNAME" => DnsConstants.TypeCname,
        "PTR" => DnsConstants.TypePtr,
        "MX" => DnsConstants.TypeMx,
        "SRV" => DnsConstants.TypeSrv,
        "NS" => DnsConstants.TypeNs,
        "SOA" => DnsConstants.TypeSoa,
        "HTTPS" => 65,
        "SVCB" => 64,
        _ => 0,
    };
}
