using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace NodeLocalDns.Controllers.Tests.Support;

/// <summary>A cluster-scoped custom resource for runtime tests; the runtime must work for any such type.</summary>
[KubernetesEntity(Group = "example.test", ApiVersion = "v1", Kind = "Widget", PluralName = "widgets")]
public sealed class Widget : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "example.test/v1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "Widget";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public WidgetSpec? Spec { get; set; }
}
