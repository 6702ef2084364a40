using System.Text.Json.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>How many nodes should run the cache, run the current version, and are ready.</summary>
public sealed record NodeCounts
{
    /// <summary>Nodes that should run a pod.</summary>
    [JsonPropertyName("desired")]
    public int Desired { get; init; }

    /// <summary>Nodes running the current pod template.</summary>
    [JsonPropertyName("updated")]
    public int Updated { get; init; }

    /// <summary>Nodes with a ready pod.</summary>
    [JsonPropertyName("ready")]
    public int Ready { get; init; }

    /// <summary>Nodes with an available pod.</summary>
    [JsonPropertyName("available")]
    public int Available { get; init; }
}
