using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Json;

namespace NodeLocalDns.KubeApiServer.Storage;

/// <summary>
/// An immutable snapshot of one object revision. The JSON is frozen in a <see cref="JsonElement"/>, which is safe to
/// read from many threads (watchers, lists) while writers build the next revision from a fresh <see cref="JsonObject"/>.
/// </summary>
internal sealed class StoredObject
{
    private StoredObject(StorageKey key, string uid, long resourceVersion, JsonElement element, IReadOnlyDictionary<string, string> labels)
    {
        Key = key;
        Uid = uid;
        ResourceVersion = resourceVersion;
        Element = element;
        Labels = labels;
    }

    public StorageKey Key { get; }

    public string Uid { get; }

    public long ResourceVersion { get; }

    public JsonElement Element { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>Freezes <paramref name="obj"/> with <paramref name="resourceVersion"/> written into its metadata.</summary>
    public static StoredObject Freeze(string groupResource, JsonObject obj, long resourceVersion)
    {
        JsonNodes.Metadata(obj)["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
        var element = JsonSerializer.SerializeToElement(obj, JsonNodes.Compact);
        var key = new StorageKey(groupResource, JsonNodes.Namespace(obj) ?? string.Empty, JsonNodes.Name(obj) ?? string.Empty);
        return new StoredObject(key, JsonNodes.Uid(obj) ?? string.Empty, resourceVersion, element, JsonNodes.Labels(obj));
    }

    /// <summary>A mutable copy for building the next revision or a response.</summary>
    public JsonObject ToJsonObject() => JsonNode.Parse(Element.GetRawText())!.AsObject();

    /// <summary>The same content stamped with another resourceVersion (a DELETED event carries the deletion's version).</summary>
    public StoredObject WithResourceVersion(long resourceVersion) => Freeze(Key.GroupResource, ToJsonObject(), resourceVersion);

    public bool HasDeletionTimestamp =>
        Element.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("deletionTimestamp", out var value)
        && value.ValueKind == JsonValueKind.String;

    /// <summary>Reads a dotted field path (as used by field selectors) as the string the apiserver compares.</summary>
    public string ReadField(string dottedPath)
    {
        var current = Element;
        foreach (var segment in dottedPath.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
            {
                return string.Empty;
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.String => current.GetString() ?? string.Empty,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => current.GetRawText(),
            _ => string.Empty,
        };
    }
}
