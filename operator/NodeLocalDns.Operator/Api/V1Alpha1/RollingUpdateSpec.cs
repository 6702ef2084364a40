using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s.Models;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>How the DaemonSet rolls: by default a new pod starts beside the old one (surge) so DNS never stops on a node.</summary>
public sealed class RollingUpdateSpec
{
    [JsonPropertyName("maxSurge")]
    [Description("Pods started beside the old one during a rollout (number or percentage).")]
    [DefaultValue(1)]
    public IntOrString MaxSurge { get; set; } = 1;

    [JsonPropertyName("maxUnavailable")]
    [Description("Nodes allowed without a ready pod during a rollout (number or percentage).")]
    [DefaultValue(0)]
    public IntOrString MaxUnavailable { get; set; } = 0;
}
