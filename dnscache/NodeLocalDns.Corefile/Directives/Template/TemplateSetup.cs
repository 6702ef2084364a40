using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Template;

/// <summary>Parses <c>template</c> (CoreDNS plugin/template/setup.go), limited to what dnscache can serve.</summary>
internal static class TemplateSetup
{
    private static readonly string[] Classes = ["IN", "CH", "ANY"];
    private static readonly string[] Types = ["A", "AAAA", "ANY", "TXT", "CNAME", "PTR", "MX", "SRV", "NS", "SOA", "HTTPS", "SVCB"];
    private static readonly string[] Rcodes = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"];

    private static readonly string[] RecordTypes = ["A", "AAAA", "CNAME", "PTR", "NS", "TXT"];

    // What the daemon can serve: OWNER [TTL] [CLASS] TYPE DATA, the owner literal or {{ .Name }}, the data
    // literal, of a type it can encode.
    private static void ValidateRecord(Argument record)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(record.Value, @"\{\{\s*\.Name\s*\}\}", "{{.Name}}");
        var fields = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var i = 1;
        if (fields.Length > i && uint.TryParse(fields[i], out _))
        {
            i++;
        }

        if (fields.Length > i && fields[i] is "IN" or "CH")
        {
            i++;
        }

        if (fields.Length < i + 2)
        {
            throw DirectiveArgs.Error(
                record,
                $"template record '{record.Value}' needs OWNER [TTL] [CLASS] TYPE DATA, such as \"{{{{ .Name }}}} 60 IN A 192.0.2.1\".");
        }

        var type = fields[i].ToUpperInvariant();
        if (!RecordTypes.Contains(type))
        {
            throw DirectiveArgs.Error(record, $"template record type '{fields[i]}' is not supported by dnscache; use {string.Join(", ", RecordTypes)}.");
        }

        var data = string.Join(' ', fields.Skip(i + 1));
        if (data.Contains("{{", StringComparison.Ordinal) || (fields[0].Contains("{{", StringComparison.Ordinal) && fields[0] != "{{.Name}}"))
        {
            throw DirectiveArgs.Error(
                record,
                $"template record '{record.Value}': dnscache fills in {{{{ .Name }}}} as the owner only; write the data literally.");
        }

        var valid = type switch
        {
            "A" => System.Net.IPAddress.TryParse(data, out var a)
                && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
                && DirectiveArgs.LooksLikeIp(data),
            "AAAA" => System.Net.IPAddress.TryParse(data, out var aaaa) && aaaa.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6,
            "TXT" => true,
            _ => Zones.ZoneNames.TryNormalize(data, out _, out _),
        };
        if (!valid)
        {
            throw DirectiveArgs.Error(record, $"template record '{record.Value}': '{data}' is not valid data for a {type} record.");
        }
    }

    public static TemplateOptions Parse(Directive directive)
    {
        DirectiveArgs.Count(directive, 2, int.MaxValue, "template CLASS TYPE [ZONE...] { ... }");
        var cls = directive.Args[0].Value.ToUpperInvariant();
        if (!Classes.Contains(cls))
        {
            throw DirectiveArgs.Error(directive.Args[0], $"template class '{directive.Args[0].Value}' is unknown; use IN, CH or ANY.");
        }

        var type = directive.Args[1].Value.ToUpperInvariant();
        if (!Types.Contains(type))
        {
            throw DirectiveArgs.Error(directive.Args[1], $"template type '{directive.Args[1].Value}' is not supported; use one of {string.Join(", ", Types)}.");
        }

        var zones = directive.Args.Skip(2).SelectMany(DirectiveArgs.Zones).ToList();
        var t = new TemplateOptions(cls, type, new ValueList<string>(zones.Count == 0 ? ["."] : zones));
        foreach (var child in directive.Children)
        {
            switch (child.Name.Value)
            {
                case "match":
                    DirectiveArgs.Count(child, 1, int.MaxValue, "match REGEX...");
                    foreach (var regex in child.Args)
                    {
                        DirectiveArgs.Regex(regex);
                    }

                    t = t with { Match = new ValueList<string>(t.Match.Concat(child.ArgValues)) };
                    break;
                case "answer":
                    DirectiveArgs.Count(child, 1, 1, "answer \"RR\"");
                    ValidateRecord(child.Args[0]);
                    t = t with { Answer = new ValueList<string>([.. t.Answer, child.Args[0].Value]) };
                    break;
                case "additional":
                    DirectiveArgs.Count(child, 1, 1, "additional \"RR\"");
                    ValidateRecord(child.Args[0]);
                    t = t with { Additional = new ValueList<string>([.. t.Additional, child.Args[0].Value]) };
                    break;
                case "authority":
                    DirectiveArgs.Count(child, 1, 1, "authority \"RR\"");
                    ValidateRecord(child.Args[0]);
                    t = t with { Authority = new ValueList<string>([.. t.Authority, child.Args[0].Value]) };
                    break;
                case "rcode":
                    DirectiveArgs.Count(child, 1, 1, "rcode CODE");
                    var rcode = child.Args[0].Value.ToUpperInvariant();
                    if (!Rcodes.Contains(rcode))
                    {
                        throw DirectiveArgs.Error(child.Args[0], $"rcode '{child.Args[0].Value}' is unknown; use one of {string.Join(", ", Rcodes)}.");
                    }

                    t = t with { Rcode = rcode };
                    break;
                case "fallthrough":
                    t = t with { Fallthrough = new ValueList<string>(child.Args.SelectMany(DirectiveArgs.Zones)) };
                    break;
                case "upstream":
                    break;
                default:
                    throw DirectiveArgs.Error(
                        child,
                        $"'{child.Name.Value}' is not an option of template; " +
                        "use match, answer, additional, authority, rcode or fallthrough.");
            }
        }

        return t;
    }
}
