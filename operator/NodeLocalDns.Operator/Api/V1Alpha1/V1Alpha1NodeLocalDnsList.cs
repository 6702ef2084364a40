using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>A list of <see cref="V1Alpha1NodeLocalDns"/>, as the API server returns it.</summary>
public sealed class V1Alpha1NodeLocalDnsList : IKubernetesObject<V1ListMeta>, IItems<V1Alpha1NodeLocalDns>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = $"{V1Alpha1NodeLocalDns.ApiGroup}/{V1Alpha1NodeLocalDns.Version}";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = V1Alpha1NodeLocalDns.KindName + "List";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<V1Alpha1NodeLocalDns> Items { get; set; } = [];
}
