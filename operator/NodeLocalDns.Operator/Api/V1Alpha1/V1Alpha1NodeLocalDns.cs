using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>
/// The cluster-scoped <c>NodeLocalDns</c> resource (<c>dns.nodelocal.io/v1alpha1</c>, plural
/// <c>nodelocaldnses</c>, short name <c>nld</c>): one per cluster, describing the node cache the operator runs.
/// Named like the client's generated models (<c>V1ConfigMap</c>) because a type called <c>NodeLocalDns</c>
/// would collide with the root namespace.
/// </summary>
[KubernetesEntity(Group = ApiGroup, ApiVersion = Version, Kind = KindName, PluralName = Plural)]
public sealed class V1Alpha1NodeLocalDns : IKubernetesObject<V1ObjectMeta>
{
    public const string ApiGroup = "dns.nodelocal.io";

    public const string Version = "v1alpha1";

    public const string KindName = "NodeLocalDns";

    public const string Plural = "nodelocaldnses";

    public const string ShortName = "nld";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = $"{ApiGroup}/{Version}";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public NodeLocalDnsSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public NodeLocalDnsStatus? Status { get; set; }
}
