using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>How the daemon runs on the nodes.</summary>
public sealed class DaemonSpec
{
    /// <summary>The default daemon image.</summary>
    public const string DefaultImage = "ghcr.io/nodelocal-operator/dnscache:0.1.0";

    [JsonPropertyName("image")]
    [Description("The dnscache image.")]
    [DefaultValue(DefaultImage)]
    public string Image { get; set; } = DefaultImage;

    [JsonPropertyName("imagePullPolicy")]
    [Description("Always, IfNotPresent or Never.")]
    [DefaultValue("IfNotPresent")]
    [RegularExpression("^(Always|IfNotPresent|Never)$")]
    public string ImagePullPolicy { get; set; } = "IfNotPresent";

    [JsonPropertyName("resources")]
    [Description("Container resources; default requests 25m CPU and 32Mi memory, no limits (a DNS cache killed for memory takes the node's DNS with it).")]
    public V1ResourceRequirements? Resources { get; set; }

    [JsonPropertyName("nodeSelector")]
    [Description("Nodes to run on (default kubernetes.io/os: linux).")]
    public Dictionary<string, string>? NodeSelector { get; set; }

    [JsonPropertyName("tolerations")]
    [Description("Tolerations (default: the addon's, so it runs on every node: CriticalAddonsOnly, NoExecute and NoSchedule, all Exists).")]
    public List<V1Toleration>? Tolerations { get; set; }

    [JsonPropertyName("priorityClassName")]
    [Description("Priority class of the pods.")]
    [DefaultValue("system-node-critical")]
    public string PriorityClassName { get; set; } = "system-node-critical";

    [JsonPropertyName("updateStrategy")]
    [Description("Rolling update bounds.")]
    public RollingUpdateSpec UpdateStrategy { get; set; } = new();
}
