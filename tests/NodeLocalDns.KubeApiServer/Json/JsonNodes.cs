using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Json;

/// <summary>Small helpers for reading and writing Kubernetes objects held as <see cref="JsonObject"/>.</summary>
internal static class JsonNodes
{
    /// <summary>Compact output that escapes only what JSON requires, as Go's encoder (no \u0022 for quotes, no \u002B for '+').</summary>
    public static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        var created = new JsonObject();
        obj["metadata"] = created;
        return created;
    }

    public static string? GetString(JsonNode? node, params ReadOnlySpan<string> path)
    {
        var current = node;
        foreach (var segment in path)
        {
            if (current is not JsonObject obj || !obj.TryGetPropertyValue(segment, out current))
            {
                return null;
            }
        }

        return current is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }

    public static JsonNode? GetNode(JsonNode? node, params ReadOnlySpan<string> path)
    {
        var current = node;
        foreach (var segment in path)
        {
            if (current is not JsonObject obj || !obj.TryGetPropertyValue(segment, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>Returns the object at <paramref name="path"/>, creating empty objects along the way.</summary>
    public static JsonObject EnsureObject(JsonObject root, params ReadOnlySpan<string> path)
    {
        var current = root;
        foreach (var segment in path)
        {
            if (current[segment] is not JsonObject next)
            {
                next = new JsonObject();
                current[segment] = next;
            }

            current = next;
        }

        return current;
    }

    public static long? GetInt64(JsonNode? node, params ReadOnlySpan<string> path)
    {
        var value = GetNode(node, path);
        if (value is not JsonValue jsonValue)
        {
            return null;
        }

        if (jsonValue.TryGetValue<long>(out var number))
        {
            return number;
        }

        if (jsonValue.TryGetValue<JsonElement>(out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out number))
        {
            return number;
        }

        return null;
    }

    public static string? Name(JsonObject obj) => GetString(obj, "metadata", "name");

    public static string? Namespace(JsonObject obj) => GetString(obj, "metadata", "namespace");

    public static string? Uid(JsonObject obj) => GetString(obj, "metadata", "uid");

    public static Dictionary<string, string> Labels(JsonObject obj) => StringMap(GetNode(obj, "metadata", "labels"));

    public static Dictionary<string, string> StringMap(JsonNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                if (value is JsonValue jsonValue && jsonValue.TryGetValue<string>(out var text))
                {
                    result[key] = text;
                }
            }
        }

        return result;
    }

    public static List<string> StringList(JsonNode? node)
    {
        var result = new List<string>();
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                if (item is JsonValue value && value.TryGetValue<string>(out var text))
                {
                    result.Add(text);
                }
            }
        }

        return result;
    }

    public static JsonArray ToArray(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add(value);
        }

        return array;
    }

    public static JsonObject Clone(JsonObject obj) => (JsonObject)obj.DeepClone();

    /// <summary>RFC 3339 with second precision and a Z suffix: the wire form of metav1.Time.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>metav1.MicroTime: microsecond precision, used by leases and events.k8s.io.</summary>
    public static string FormatMicroTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static bool TryParseTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    /// <summary>Renders a scalar the way Go's fmt prints it in a JSONPath result; objects and arrays as compact JSON.</summary>
    public static string ToDisplayString(JsonNode? node)
    {
        if (node is null)
        {
            return string.Empty;
        }

        if (node is JsonValue value)
        {
            if (value.TryGetValue<string>(out var text))
            {
                return text;
            }

            return value.ToJsonString(Compact);
        }

        return node.ToJsonString(Compact);
    }
}
