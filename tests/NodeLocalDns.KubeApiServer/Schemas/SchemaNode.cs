using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NodeLocalDns.KubeApiServer.Json;

namespace NodeLocalDns.KubeApiServer.Schemas;

/// <summary>
/// One node of a CRD's <c>openAPIV3Schema</c>, parsed once (apiextensions' structural schema): type and format,
/// object properties or a map's value schema, list items and list type, value constraints, the default, and
/// the CEL rules. Built by <see cref="Parse"/>, which never throws: what a schema gets wrong is reported by
/// <see cref="CrdSchemaChecks"/>, as the API server reports it when the CRD is written.
/// </summary>
internal sealed class SchemaNode
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public SchemaNode(JsonObject source)
    {
        Source = source;
    }

    /// <summary>The schema as written.</summary>
    public JsonObject Source { get; }

    public string? Type { get; private init; }

    public string? Format { get; private init; }

    public bool Nullable { get; private init; }

    public bool IntOrString { get; private init; }

    public bool PreserveUnknownFields { get; private init; }

    public bool EmbeddedResource { get; private init; }

    /// <summary>Object properties, in the order written; empty when the object has none.</summary>
    public IReadOnlyDictionary<string, SchemaNode> Properties { get; private init; } = new Dictionary<string, SchemaNode>();

    /// <summary>The schema of a map's values (<c>additionalProperties</c>), or null.</summary>
    public SchemaNode? AdditionalProperties { get; private init; }

    /// <summary>The schema of a list's items, or null.</summary>
    public SchemaNode? Items { get; private init; }

    public IReadOnlyList<string> Required { get; private init; } = [];

    public JsonArray? Enum { get; private init; }

    /// <summary>Whether a <c>default</c> is set (it may be null).</summary>
    public bool HasDefault { get; private init; }

    public JsonNode? Default { get; private init; }

    public double? Minimum { get; private init; }

    public double? Maximum { get; private init; }

    public bool ExclusiveMinimum { get; private init; }

    public bool ExclusiveMaximum { get; private init; }

    public long? MinLength { get; private init; }

    public long? MaxLength { get; private init; }

    public long? MinItems { get; private init; }

    public long? MaxItems { get; private init; }

    public long? MinProperties { get; private init; }

    public long? MaxProperties { get; private init; }

    public string? Pattern { get; private init; }

    /// <summary>The compiled pattern, or null when there is none or it does not compile.</summary>
    public Regex? PatternRegex { get; private init; }

    /// <summary><c>x-kubernetes-list-type</c>: atomic (default), set or map.</summary>
    public string? ListType { get; private init; }

    public IReadOnlyList<string> ListMapKeys { get; private init; } = [];

    public IReadOnlyList<ValidationRule> Rules { get; private init; } = [];

    /// <summary>Fields this parser does not know, for the structural checks.</summary>
    public static readonly IReadOnlySet<string> KnownFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "format", "description", "title", "nullable", "properties", "additionalProperties", "items", "required", "enum", "default",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems",
        "minProperties", "maxProperties", "pattern", "multipleOf", "example", "externalDocs", "allOf", "anyOf", "oneOf", "not",
        "x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource",
        "x-kubernetes-list-type", "x-kubernetes-list-map-keys", "x-kubernetes-map-type", "x-kubernetes-validations",
    };

    public static SchemaNode Parse(JsonObject source)
    {
        var properties = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        if (source["properties"] is JsonObject props)
        {
            foreach (var (name, value) in props)
            {
                properties[name] = Parse(value as JsonObject ?? new JsonObject());
            }
        }

        var pattern = JsonNodes.GetString(source, "pattern");
        Regex? regex = null;
        if (pattern is not null)
        {
            try
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException)
            {
                regex = null;
            }
        }

        return new SchemaNode(source)
        {
            Type = JsonNodes.GetString(source, "type"),
            Format = JsonNodes.GetString(source, "format"),
            Nullable = Bool(source, "nullable"),
            IntOrString = Bool(source, "x-kubernetes-int-or-string"),
            PreserveUnknownFields = Bool(source, "x-kubernetes-preserve-unknown-fields"),
            EmbeddedResource = Bool(source, "x-kubernetes-embedded-resource"),
            Properties = properties,
            AdditionalProperties = source["additionalProperties"] is JsonObject additional ? Parse(additional) : null,
            Items = source["items"] is JsonObject items ? Parse(items) : null,
            Required = JsonNodes.StringList(source["required"]),
            Enum = source["enum"] as JsonArray,
            HasDefault = source.ContainsKey("default"),
            Default = source["default"],
            Minimum = Number(source, "minimum"),
            Maximum = Number(source, "maximum"),
            ExclusiveMinimum = Bool(source, "exclusiveMinimum"),
            ExclusiveMaximum = Bool(source, "exclusiveMaximum"),
            MinLength = Integer(source, "minLength"),
            MaxLength = Integer(source, "maxLength"),
            MinItems = Integer(source, "minItems"),
            MaxItems = Integer(source, "maxItems"),
            MinProperties = Integer(source, "minProperties"),
            MaxProperties = Integer(source, "maxProperties"),
            Pattern = pattern,
            PatternRegex = regex,
            ListType = JsonNodes.GetString(source, "x-kubernetes-list-type"),
            ListMapKeys = JsonNodes.StringList(source["x-kubernetes-list-map-keys"]),
            Rules = (source["x-kubernetes-validations"] as JsonArray)?.OfType<JsonObject>()
                .Select(rule => new ValidationRule(
                    JsonNodes.GetString(rule, "rule") ?? string.Empty,
                    JsonNodes.GetString(rule, "message"),
                    JsonNodes.GetString(rule, "reason"),
                    JsonNodes.GetString(rule, "fieldPath")))
                .ToList() ?? [],
        };
    }

    private static bool Bool(JsonObject source, string name) =>
        source[name] is JsonValue value && value.TryGetValue<bool>(out var result) && result;

    private static double? Number(JsonObject source, string name) =>
        source[name] is JsonValue value
        && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var result)
            ? result
            : null;

    private static long? Integer(JsonObject source, string name) =>
        source[name] is JsonValue value
        && long.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var result)
            ? result
            : null;
}
