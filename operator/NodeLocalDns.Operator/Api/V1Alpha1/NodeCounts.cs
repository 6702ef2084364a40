using System.ComponentModel;
using System.Text.Json.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>How many nodes should run the cache, run the current version, and are ready.</summary>
public sealed record NodeCounts
{
    [JsonPropertyName("desired")]
    [Description("Nodes that should run a node-cache pod.")]
    public int Desired { get; init; }

    [JsonPropertyName("updated")]
    [Description("Nodes running the current pod template.")]
    public int Updated { get; init; }

    [JsonPropertyName("ready")]
    [Description("Nodes with a ready node-cache pod.")]
    public int Ready { get; init; }

    [JsonPropertyName("available")]
    [Description("Nodes with an available node-cache pod.")]
    public int Available { get; init; }
}
