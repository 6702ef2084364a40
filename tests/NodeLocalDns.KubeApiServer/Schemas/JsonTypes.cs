using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Schemas;

/// <summary>The OpenAPI type of a JSON value, as Kubernetes' validation messages name it.</summary>
internal static class JsonTypes
{
    public static string Of(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsInteger(v) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    public static bool IsInteger(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.Number
        && (value.TryGetValue<long>(out _)
            || (double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                && Math.Floor(d) == d
                && !double.IsInfinity(d)));

    public static double? Number(JsonNode? value) =>
        value is JsonValue v
        && v.GetValueKind() == JsonValueKind.Number
        && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : null;

    /// <summary>A scalar as Go's %v prints it in messages (strings quoted).</summary>
    public static string Quote(JsonNode? value) => value is JsonValue v && v.GetValueKind() == JsonValueKind.String
        ? $"\"{v.GetValue<string>()}\""
        : value?.ToJsonString() ?? "null";
}
