using System.ComponentModel;
using System.Text.Json.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>One zone of the cluster's DNS config and how the node cache routes it.</summary>
[Description("One zone of the cluster's DNS config and how the node cache routes it.")]
public sealed record ZoneStatus
{
    [JsonPropertyName("zone")]
    [Description("The zone, lower case without the trailing dot.")]
    public string Zone { get; init; } = string.Empty;

    [JsonPropertyName("route")]
    [Description("direct: to the zone's own servers, as CoreDNS forwards it. viaClusterDNS: to CoreDNS, which answers or forwards it itself.")]
    public string Route { get; init; } = string.Empty;

    [JsonPropertyName("servers")]
    [Description("The servers a direct zone is forwarded to.")]
    public IReadOnlyList<string> Servers { get; init; } = [];

    [JsonPropertyName("reason")]
    [Description("Why the zone is routed this way.")]
    public string Reason { get; init; } = string.Empty;

    [JsonPropertyName("source")]
    [Description("Where the zone is configured (Corefile:21, coredns-custom/lab.server:1, spec, default).")]
    public string Source { get; init; } = string.Empty;

    /// <inheritdoc />
    public bool Equals(ZoneStatus? other) =>
        other is not null
            && Zone == other.Zone
            && Route == other.Route
            && Reason == other.Reason
            && Source == other.Source
            && Servers.SequenceEqual(other.Servers);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Zone, Route, Reason, Source, Servers.Count);
}
