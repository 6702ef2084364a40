using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s.Models;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>
/// How the DaemonSet rolls (only for a new image, new flags or a new pod spec: Corefile changes are reloaded in
/// place). By default new pods start beside the old ones on 10% of the nodes at a time and no node is ever without
/// a ready cache, as OpenShift's DNS operator rolls CoreDNS.
/// </summary>
public sealed class RollingUpdateSpec
{
    [JsonPropertyName("maxSurge")]
    [Description("Pods started beside the old one during a rollout (number or percentage).")]
    [DefaultValue("10%")]
    public IntOrString MaxSurge { get; set; } = "10%";

    [JsonPropertyName("maxUnavailable")]
    [Description("Nodes allowed without a ready pod during a rollout (number or percentage).")]
    [DefaultValue(0)]
    public IntOrString MaxUnavailable { get; set; } = 0;
}
