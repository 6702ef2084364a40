using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>A ConfigMap CoreDNS mounts and whose keys its Corefile imports, such as AKS's and k3s's <c>coredns-custom</c>.</summary>
public sealed class CustomConfigMapReference
{
    [JsonPropertyName("namespace")]
    [Description("Namespace of the ConfigMap.")]
    [DefaultValue("kube-system")]
    public string Namespace { get; set; } = "kube-system";

    [JsonPropertyName("name")]
    [Description("Name of the ConfigMap.")]
    [Required]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("mountPath")]
    [Description("Where CoreDNS's pod mounts the ConfigMap; the Corefile's imports are resolved against it.")]
    [DefaultValue("/etc/coredns/custom")]
    [RegularExpression("^/.*")]
    public string MountPath { get; set; } = "/etc/coredns/custom";
}
