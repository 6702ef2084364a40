using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Template;

/// <summary>
/// <c>template CLASS TYPE [ZONE...] { match REGEX...; answer RR; additional RR; authority RR; rcode CODE; fallthrough [ZONE...] }</c>:
/// synthesises answers for matching queries. The daemon supports literal resource records in which
/// <c>{{ .Name }}</c>, <c>{{ .Class }}</c> and <c>{{ .Type }}</c> are replaced, which covers the common
/// uses (<c>template IN AAAA { rcode NOERROR }</c> to stop IPv6 lookups, fixed A answers).
/// </summary>
public sealed record TemplateOptions(string Class, string Type, ValueList<string> Zones)
{
    /// <summary>Regular expressions the query name must match (any of them); empty matches every name.</summary>
    public ValueList<string> Match { get; init; } = ValueList<string>.Empty;

    /// <summary>Answer-section records, in zone-file syntax.</summary>
    public ValueList<string> Answer { get; init; } = ValueList<string>.Empty;

    /// <summary>Additional-section records.</summary>
    public ValueList<string> Additional { get; init; } = ValueList<string>.Empty;

    /// <summary>Authority-section records.</summary>
    public ValueList<string> Authority { get; init; } = ValueList<string>.Empty;

    /// <summary>The response code (default NOERROR).</summary>
    public string Rcode { get; init; } = "NOERROR";

    /// <summary><c>fallthrough</c>: names not matched go on; <c>null</c> when not given.</summary>
    public ValueList<string>? Fallthrough { get; init; }
}
