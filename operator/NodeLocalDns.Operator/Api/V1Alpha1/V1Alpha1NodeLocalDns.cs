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
    /// <summary>The API group.</summary>
    public const string ApiGroup = "dns.nodelocal.io";

    /// <summary>The version.</summary>
    public const string Version = "v1alpha1";

    /// <summary>The kind.</summary>
    public const string KindName = "NodeLocalDns";

    /// <summary>The plural resource name.</summary>
    public const string Plural = "nodelocaldnses";

    /// <summary>The short name.</summary>
    public const string ShortName = "nld";

    /// <inheritdoc />
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = $"{ApiGroup}/{Version}";

    /// <inheritdoc />
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    /// <inheritdoc />
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The desired state.</summary>
    [JsonPropertyName("spec")]
    public NodeLocalDnsSpec Spec { get; set; } = new();

    /// <summary>The observed state.</summary>
    [JsonPropertyName("status")]
    public NodeLocalDnsStatus? Status { get; set; }
}
