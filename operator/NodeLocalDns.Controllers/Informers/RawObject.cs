using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace NodeLocalDns.Controllers.Informers;

/// <summary>
/// An object as the API server sent it: typed metadata, everything else kept as JSON. Lists and watches decode into
/// this first, which cannot fail on a field's value, so one object that the typed model refuses (an out-of-enum value
/// stored under an older CRD) is set aside by itself instead of failing the whole list or watch.
/// </summary>
internal sealed class RawObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = string.Empty;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Fields { get; set; }

    /// <summary>The typed object, or the reason it cannot be one.</summary>
    public (T? Object, string? Error) Decode<T>()
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            return (KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(this)), null);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return (null, e.Message);
        }
    }
}
