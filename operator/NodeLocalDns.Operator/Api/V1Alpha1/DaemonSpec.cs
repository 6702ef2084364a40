using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;
using NodeLocalDns.Operator.Api.Schema;

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

    [JsonPropertyName("imagePullSecrets")]
    [Description("Secrets in spec.namespace for pulling the image from a private registry (a mirror of the image, air-gapped clusters).")]
    public List<V1LocalObjectReference>? ImagePullSecrets { get; set; }

    [JsonPropertyName("podLabels")]
    [Description("Extra labels on the node cache pods (cost allocation, policy selectors). " +
        "k8s-app, app.kubernetes.io/name and app.kubernetes.io/managed-by are the operator's: the DaemonSet selects its pods by them.")]
    [ValidationRule("!('k8s-app' in self) && !('app.kubernetes.io/name' in self) && !('app.kubernetes.io/managed-by' in self)",
        "podLabels cannot set k8s-app, app.kubernetes.io/name or app.kubernetes.io/managed-by: the DaemonSet selects its pods by them")]
    public Dictionary<string, string>? PodLabels { get; set; }

    [JsonPropertyName("podAnnotations")]
    [Description("Extra annotations on the node cache pods (e.g. for a log shipper or a policy engine). " +
        "The prometheus.io/scrape and prometheus.io/port annotations are the operator's.")]
    public Dictionary<string, string>? PodAnnotations { get; set; }

    [JsonPropertyName("affinity")]
    [Description("Affinity of the node cache pods, e.g. a node affinity that keeps them off virtual nodes (Fargate, virtual-kubelet) " +
        "where no node cache can run. Default: none.")]
    public V1Affinity? Affinity { get; set; }

    [JsonPropertyName("updateStrategy")]
    [Description("Rolling update bounds.")]
    public RollingUpdateSpec UpdateStrategy { get; set; } = new();
}
