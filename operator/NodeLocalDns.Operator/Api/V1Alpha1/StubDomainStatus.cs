using System.ComponentModel;
using System.Text.Json.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>A stub domain in use, where it was configured, and where the node cache sends it.</summary>
[Description("A stub domain in use, where it was configured, and where the node cache sends it.")]
public sealed record StubDomainStatus
{
    [JsonPropertyName("zone")]
    [Description("The zone, lower case without the trailing dot.")]
    public string Zone { get; init; } = string.Empty;

    [JsonPropertyName("servers")]
    [Description("Where the node cache sends the zone's queries.")]
    public IReadOnlyList<string> Servers { get; init; } = [];

    [JsonPropertyName("source")]
    [Description("Where it was configured: Corefile:21, coredns-custom/lab.server:1, or spec.")]
    public string Source { get; init; } = string.Empty;

    /// <inheritdoc />
    public bool Equals(StubDomainStatus? other) =>
        other is not null && Zone == other.Zone && Source == other.Source && Servers.SequenceEqual(other.Servers);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Zone, Source, Servers.Count);
}
