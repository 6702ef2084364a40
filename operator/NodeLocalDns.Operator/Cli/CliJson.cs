using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodeLocalDns.Operator.ClusterDns;
using NodeLocalDns.Operator.Rendering;

namespace NodeLocalDns.Operator.Cli;

/// <summary>
/// The JSON the CLI prints, in exactly the documented shapes. <c>stubdomains</c>:
/// <c>{"clusterDomains","rootUpstreams","stubDomains":[{"zone","servers","source"}],
/// "zones":[{"zone","route","servers","reason","source"}],"diagnostics":[{"severity","code","message","source"}]}</c>.
/// <c>render --output json</c> adds what the operator would roll out:
/// <c>{"coreDNSVersion","clusterDomains","reverseZones","rootUpstreams","upstream":{"mode","servers"},
/// "stubDomains","zones","diagnostics","corefile","configHash"}</c>,
/// where <c>corefile</c> and <c>configHash</c> (the <c>status.configHash</c> the operator would report) are null when
/// CoreDNS would refuse the config.
/// </summary>
internal static partial class CliJson
{
    // Metadata generated at compile time (the published operator is NativeAOT, where System.Text.Json cannot reflect).
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = OutputContext.Default,
    };

    public static string StubDomains(ClusterDnsConfig config, IReadOnlyList<ZoneRoute> zones, IEnumerable<Diagnostic> diagnostics) =>
        JsonSerializer.Serialize(
            new StubDomainsOutput(config.ClusterDomains, config.RootUpstreams, Stubs(config), Zones(zones), Diagnostics(diagnostics)),
            Options.GetTypeInfo(typeof(StubDomainsOutput)));

    public static string Render(
        CoreDnsVersion version,
        ClusterDnsConfig config,
        NodeCacheSettings settings,
        IReadOnlyList<ZoneRoute> zones,
        IEnumerable<Diagnostic> diagnostics,
        string? corefile,
        string? configHash) =>
        JsonSerializer.Serialize(
            new RenderOutput(
                version.ToString(),
                config.ClusterDomains,
                config.ReverseZones,
                config.RootUpstreams,
                new UpstreamOutput(UpstreamModeName(settings.UpstreamMode), NodeCacheCorefileRenderer.RootUpstreams(config, settings)),
                Stubs(config),
                Zones(zones),
                Diagnostics(diagnostics),
                corefile,
                configHash),
            Options.GetTypeInfo(typeof(RenderOutput)));

    private static string UpstreamModeName(Api.V1Alpha1.UpstreamMode mode) => mode switch
    {
        Api.V1Alpha1.UpstreamMode.ClusterDns => "ClusterDNS",
        Api.V1Alpha1.UpstreamMode.ResolvConf => "ResolvConf",
        _ => "Servers",
    };

    private static List<StubOutput> Stubs(ClusterDnsConfig config) => [.. config.StubDomains.Select(s => new StubOutput(s.Zone, s.Servers, s.Source))];

    private static List<ZoneOutput> Zones(IReadOnlyList<ZoneRoute> zones) =>
        [.. zones.Select(z => new ZoneOutput(z.Zone, z.RouteName, z.Servers, z.Reason, z.Source))];

    private static List<DiagnosticOutput> Diagnostics(IEnumerable<Diagnostic> diagnostics) =>
        [.. diagnostics.Select(d => new DiagnosticOutput(d.Severity.ToString().ToLowerInvariant(), d.Code, d.Message, d.Source))];

    [JsonSerializable(typeof(StubDomainsOutput))]
    [JsonSerializable(typeof(RenderOutput))]
    private sealed partial class OutputContext : JsonSerializerContext;

    private sealed record StubDomainsOutput(
        [property: JsonPropertyName("clusterDomains")] IReadOnlyList<string> ClusterDomains,
        [property: JsonPropertyName("rootUpstreams")] IReadOnlyList<string> RootUpstreams,
        [property: JsonPropertyName("stubDomains")] IReadOnlyList<StubOutput> StubDomains,
        [property: JsonPropertyName("zones")] IReadOnlyList<ZoneOutput> Zones,
        [property: JsonPropertyName("diagnostics")] IReadOnlyList<DiagnosticOutput> Diagnostics);

    private sealed record RenderOutput(
        [property: JsonPropertyName("coreDNSVersion")] string CoreDnsVersion,
        [property: JsonPropertyName("clusterDomains")] IReadOnlyList<string> ClusterDomains,
        [property: JsonPropertyName("reverseZones")] IReadOnlyList<string> ReverseZones,
        [property: JsonPropertyName("rootUpstreams")] IReadOnlyList<string> RootUpstreams,
        [property: JsonPropertyName("upstream")] UpstreamOutput Upstream,
        [property: JsonPropertyName("stubDomains")] IReadOnlyList<StubOutput> StubDomains,
        [property: JsonPropertyName("zones")] IReadOnlyList<ZoneOutput> Zones,
        [property: JsonPropertyName("diagnostics")] IReadOnlyList<DiagnosticOutput> Diagnostics,
        [property: JsonPropertyName("corefile")] string? Corefile,
        [property: JsonPropertyName("configHash")] string? ConfigHash);

    private sealed record UpstreamOutput(
        [property: JsonPropertyName("mode")] string Mode,
        [property: JsonPropertyName("servers")] IReadOnlyList<string> Servers);

    private sealed record StubOutput(
        [property: JsonPropertyName("zone")] string Zone,
        [property: JsonPropertyName("servers")] IReadOnlyList<string> Servers,
        [property: JsonPropertyName("source")] string Source);

    private sealed record ZoneOutput(
        [property: JsonPropertyName("zone")] string Zone,
        [property: JsonPropertyName("route")] string Route,
        [property: JsonPropertyName("servers")] IReadOnlyList<string> Servers,
        [property: JsonPropertyName("reason")] string Reason,
        [property: JsonPropertyName("source")] string Source);

    private sealed record DiagnosticOutput(
        [property: JsonPropertyName("severity")] string Severity,
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("message")] string Message,
        [property: JsonPropertyName("source")] string Source);
}
