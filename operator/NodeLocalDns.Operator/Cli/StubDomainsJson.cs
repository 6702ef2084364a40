using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodeLocalDns.Operator.ClusterDns;

namespace NodeLocalDns.Operator.Cli;

/// <summary>
/// The <c>stubdomains</c> command's output, in exactly the documented shape:
/// <c>{"clusterDomains":[…],"rootUpstreams":[…],"stubDomains":[{"zone","servers","source"}],"diagnostics":[{"severity","code","message","source"}]}</c>.
/// </summary>
internal static class StubDomainsJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(ClusterDnsConfig config, IEnumerable<Diagnostic> extraNotes)
    {
        var document = new Output(
            config.ClusterDomains,
            config.RootUpstreams,
            [.. config.StubDomains.Select(s => new StubOutput(s.Zone, s.Servers, s.Source))],
            [.. extraNotes.Concat(config.Diagnostics).Select(d => new DiagnosticOutput(d.Severity.ToString().ToLowerInvariant(), d.Code, d.Message, d.Source))]);
        return JsonSerializer.Serialize(document, Options);
    }

    private sealed record Output(
        [property: JsonPropertyName("clusterDomains")] IReadOnlyList<string> ClusterDomains,
        [property: JsonPropertyName("rootUpstreams")] IReadOnlyList<string> RootUpstreams,
        [property: JsonPropertyName("stubDomains")] IReadOnlyList<StubOutput> StubDomains,
        [property: JsonPropertyName("diagnostics")] IReadOnlyList<DiagnosticOutput> Diagnostics);

    private sealed record StubOutput(
        [property: JsonPropertyName("zone")] string Zone,
        [property: JsonPropertyName("servers")] IReadOnlyList<string> Servers,
        [property: JsonPropertyName("source")] string Source);

    private sealed record DiagnosticOutput(
        [property: JsonPropertyName("severity")] string Severity,
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("message")] string Message,
        [property: JsonPropertyName("source")] string Source);
}
