using System.Text.Json.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>A stub domain in use, where it was configured, and where the node cache sends it.</summary>
public sealed record StubDomainStatus
{
    [JsonPropertyName("zone")]
    public string Zone { get; init; } = string.Empty;

    [JsonPropertyName("servers")]
    public IReadOnlyList<string> Servers { get; init; } = [];

    /// <summary>Where it was configured (<c>Corefile:21</c>, <c>coredns-custom/lab.server:1</c>, <c>spec</c>).</summary>
    [JsonPropertyName("source")]
    public string Source { get; init; } = string.Empty;

    /// <inheritdoc />
    public bool Equals(StubDomainStatus? other) =>
        other is not null && Zone == other.Zone && Source == other.Source && Servers.SequenceEqual(other.Servers);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Zone, Source, Servers.Count);
}
