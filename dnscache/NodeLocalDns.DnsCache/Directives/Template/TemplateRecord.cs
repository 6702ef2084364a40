using System.Buffers.Binary;
using System.Net;
using System.Text;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Template;

/// <summary>
/// One record of a <c>template</c> answer, compiled once from zone-file text such as
/// <c>{{ .Name }} 60 IN A 192.0.2.1</c>. The owner may be the query name (<c>{{ .Name }}</c>); the data must
/// be literal, and A, AAAA, CNAME, PTR, NS and TXT are supported.
/// </summary>
internal sealed record TemplateRecord(byte[] Owner, ushort Type, ushort Class, uint Ttl, byte[] Data)
{
    public static TemplateRecord Parse(string text)
    {
        var fields = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();

        // Go templates are written with spaces inside the braces: glue "{{", ".Name", "}}" back together.
        for (var i = 0; i + 2 < fields.Count; i++)
        {
            if (fields[i] == "{{" && fields[i + 2] == "}}")
            {
                fields[i] = "{{" + fields[i + 1] + "}}";
                fields.RemoveRange(i + 1, 2);
            }
        }

        if (fields.Count < 3)
        {
            throw new FormatException($"template record '{text}' needs at least an owner, a type and data.");
        }

        var owner = fields[0] is "{{.Name}}" ? [] : WireName.FromText(fields[0]);
        var index = 1;
        uint ttl = 3600;
        if (uint.TryParse(fields[index], out var parsedTtl))
        {
            ttl = parsedTtl;
            index++;
        }

        ushort cls = DnsConstants.ClassIn;
        if (fields[index] is "IN" or "CH")
        {
            cls = fields[index] == "IN" ? DnsConstants.ClassIn : (ushort)3;
            index++;
        }

        if (index + 1 >= fields.Count)
        {
            throw new FormatException($"template record '{text}' has no data.");
        }

        var type = fields[index].ToUpperInvariant();
        var data = string.Join(' ', fields.Skip(index + 1));
        if (data.Contains("{{", StringComparison.Ordinal))
        {
            throw new FormatException($"template record '{text}': dnscache supports {{{{ .Name }}}} only as the owner name.");
        }

        return type switch
        {
            "A" when IPAddress.TryParse(data, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
                => new TemplateRecord(owner, DnsConstants.TypeA, cls, ttl, a.GetAddressBytes()),
            "AAAA" when IPAddress.TryParse(data, out var aaaa) && aaaa.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                => new TemplateRecord(owner, DnsConstants.TypeAaaa, cls, ttl, aaaa.GetAddressBytes()),
            "CNAME" => new TemplateRecord(owner, DnsConstants.TypeCname, cls, ttl, WireName.FromText(data)),
            "PTR" => new TemplateRecord(owner, DnsConstants.TypePtr, cls, ttl, WireName.FromText(data)),
            "NS" => new TemplateRecord(owner, DnsConstants.TypeNs, cls, ttl, WireName.FromText(data)),
            "TXT" => new TemplateRecord(owner, DnsConstants.TypeTxt, cls, ttl, Txt(data)),
            _ => throw new FormatException($"template record '{text}': type {type} with data '{data}' is not supported (A, AAAA, CNAME, PTR, NS, TXT)."),
        };
    }

    private static byte[] Txt(string data)
    {
        var text = Encoding.UTF8.GetBytes(data.Trim('"'));
        var result = new List<byte>();
        for (var i = 0; i < text.Length || i == 0; i += 255)
        {
            var chunk = text.AsSpan(i, Math.Min(255, text.Length - i));
            result.Add((byte)chunk.Length);
            result.AddRange(chunk.ToArray());
            if (text.Length == 0)
            {
                break;
            }
        }

        return [.. result];
    }

    internal static ushort ReadType(ReadOnlySpan<byte> data) => BinaryPrimitives.ReadUInt16BigEndian(data);
}
