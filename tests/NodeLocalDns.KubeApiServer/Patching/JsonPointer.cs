using System.Globalization;
using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Patching;

/// <summary>A JSON Pointer (RFC 6901) as used by JSON Patch paths.</summary>
internal sealed class JsonPointer
{
    private JsonPointer(IReadOnlyList<string> segments, string text)
    {
        Segments = segments;
        Text = text;
    }

    public IReadOnlyList<string> Segments { get; }

    public string Text { get; }

    public bool IsRoot => Segments.Count == 0;

    public string Last => Segments[^1];

    public static JsonPointer Parse(string text)
    {
        if (text.Length == 0)
        {
            return new JsonPointer([], text);
        }

        if (text[0] != '/')
        {
            throw new FormatException($"JSON pointer \"{text}\" must start with '/'");
        }

        var segments = text[1..].Split('/')
            .Select(segment => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))
            .ToList();
        return new JsonPointer(segments, text);
    }

    /// <summary>The node at this pointer, or throws when a segment does not exist.</summary>
    public JsonNode? Resolve(JsonNode? root)
    {
        var current = root;
        foreach (var segment in Segments)
        {
            current = Step(current, segment);
        }

        return current;
    }

    /// <summary>The container that holds the last segment.</summary>
    public JsonNode Parent(JsonNode root)
    {
        var current = root;
        for (var i = 0; i < Segments.Count - 1; i++)
        {
            current = Step(current, Segments[i]) ?? throw new JsonPatchException($"doc is missing path: \"{Text}\"");
        }

        return current;
    }

    public static int ArrayIndex(JsonArray array, string segment, bool allowEnd)
    {
        if (allowEnd && segment == "-")
        {
            return array.Count;
        }

        if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || index < 0
            || index > array.Count
            || (!allowEnd && index == array.Count))
        {
            throw new JsonPatchException($"Unable to access invalid index: {segment}");
        }

        return index;
    }

    private JsonNode? Step(JsonNode? current, string segment) => current switch
    {
        JsonObject obj when obj.TryGetPropertyValue(segment, out var child) => child,
        JsonArray array => array[ArrayIndex(array, segment, allowEnd: false)],
        _ => throw new JsonPatchException($"doc is missing path: \"{Text}\""),
    };
}
