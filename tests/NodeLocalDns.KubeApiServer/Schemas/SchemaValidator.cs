using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NodeLocalDns.KubeApiServer.Errors;

namespace NodeLocalDns.KubeApiServer.Schemas;

/// <summary>
/// Validates a value against a structural schema with kube-openapi's rules and Kubernetes' messages: type (with
/// <c>x-kubernetes-int-or-string</c> and <c>nullable</c>), the formats Kubernetes checks for CRDs (ipv4, ipv6, cidr,
/// date-time, duration, byte), <c>enum</c>, <c>required</c>, numeric bounds, string lengths, <c>pattern</c>, item and
/// property counts, and the uniqueness of <c>x-kubernetes-list-type</c> set and map items. CEL rules are
/// <see cref="CelRuleEvaluator"/>'s. Embedded resources and preserved unknown fields are not looked into.
/// </summary>
internal static partial class SchemaValidator
{
    public static List<StatusCause> Validate(JsonNode? value, SchemaNode schema, string path)
    {
        var errors = new List<StatusCause>();
        Check(value, schema, path, errors);
        return errors;
    }

    private static void Check(JsonNode? value, SchemaNode schema, string path, List<StatusCause> errors)
    {
        if (value is null)
        {
            if (!schema.Nullable)
            {
                errors.Add(TypeError(path, schema, value));
            }

            return;
        }

        if (schema.IntOrString)
        {
            if (JsonTypes.Of(value) is not ("integer" or "string"))
            {
                errors.Add(new StatusCause("FieldValueInvalid",
                    $"Invalid value: \"{JsonTypes.Of(value)}\": {path} in body must be of type integer,string: \"{JsonTypes.Of(value)}\"",
                    path));
            }

            return;
        }

        if (schema.Type is { Length: > 0 } type && !TypeMatches(type, value))
        {
            errors.Add(TypeError(path, schema, value));
            return;
        }

        if (schema.Enum is { Count: > 0 } allowed && !allowed.Any(item => JsonNode.DeepEquals(item, value)))
        {
            errors.Add(new StatusCause("FieldValueNotSupported",
                $"Unsupported value: {JsonTypes.Quote(value)}: supported values: {string.Join(", ", allowed.Select(JsonTypes.Quote))}", path));
        }

        switch (value)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, errors);
                break;
            case JsonArray array:
                CheckArray(array, schema, path, errors);
                break;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String:
                CheckString(scalar.GetValue<string>(), schema, path, errors);
                break;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.Number:
                CheckNumber(JsonTypes.Number(scalar)!.Value, scalar, schema, path, errors);
                break;
        }
    }

    private static bool TypeMatches(string type, JsonNode value) => (type, JsonTypes.Of(value)) switch
    {
        ("object", "object") or ("array", "array") or ("string", "string") or ("boolean", "boolean") or ("integer", "integer") => true,
        ("number", "integer" or "number") => true,
        _ => false,
    };

    private static StatusCause TypeError(string path, SchemaNode schema, JsonNode? value) =>
        new("FieldValueInvalid",
            $"Invalid value: \"{JsonTypes.Of(value)}\": {path} in body must be of type {schema.Type ?? "object"}: \"{JsonTypes.Of(value)}\"",
            path);

    private static void CheckObject(JsonObject obj, SchemaNode schema, string path, List<StatusCause> errors)
    {
        foreach (var name in schema.Required)
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add(new StatusCause("FieldValueRequired", "Required value", FieldPath.Child(path, name)));
            }
        }

        if (schema.MinProperties is { } minProperties && obj.Count < minProperties)
        {
            errors.Add(new StatusCause("FieldValueInvalid",
                $"Invalid value: {obj.Count}: {path} in body should have at least {minProperties} properties", path));
        }

        if (schema.MaxProperties is { } maxProperties && obj.Count > maxProperties)
        {
            errors.Add(new StatusCause("FieldValueTooMany", $"Too many: {obj.Count}: must have at most {maxProperties} items", path));
        }

        if (schema.EmbeddedResource)
        {
            return;
        }

        foreach (var (name, child) in obj)
        {
            if (schema.Properties.TryGetValue(name, out var propertySchema))
            {
                Check(child, propertySchema, FieldPath.Child(path, name), errors);
            }
            else if (schema.AdditionalProperties is { } valueSchema)
            {
                Check(child, valueSchema, FieldPath.Key(path, name), errors);
            }
        }
    }

    private static void CheckArray(JsonArray array, SchemaNode schema, string path, List<StatusCause> errors)
    {
        if (schema.MaxItems is { } maxItems && array.Count > maxItems)
        {
            errors.Add(new StatusCause("FieldValueTooMany", $"Too many: {array.Count}: must have at most {maxItems} items", path));
        }

        if (schema.MinItems is { } minItems && array.Count < minItems)
        {
            errors.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {array.Count}: {path} in body should have at least {minItems} items", path));
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (schema.Items is { } items)
            {
                Check(array[i], items, FieldPath.Index(path, i), errors);
            }

            if (schema.ListType == "set" && array.Take(i).Any(earlier => JsonNode.DeepEquals(earlier, array[i])))
            {
                errors.Add(new StatusCause("FieldValueDuplicate", $"Duplicate value: {JsonTypes.Quote(array[i])}", FieldPath.Index(path, i)));
            }
            else if (schema.ListType == "map" && array[i] is JsonObject item
                     && array.Take(i).OfType<JsonObject>().Any(earlier => schema.ListMapKeys.All(key => JsonNode.DeepEquals(earlier[key], item[key]))))
            {
                var keys = string.Join(", ", schema.ListMapKeys.Select(key => $"\"{key}\":{JsonTypes.Quote(item[key])}"));
                errors.Add(new StatusCause("FieldValueDuplicate", $"Duplicate value: map[string]interface {{}}{{{keys}}}", FieldPath.Index(path, i)));
            }
        }
    }

    private static void CheckString(string text, SchemaNode schema, string path, List<StatusCause> errors)
    {
        var length = new StringInfo(text).LengthInTextElements;
        if (schema.MaxLength is { } maxLength && length > maxLength)
        {
            errors.Add(new StatusCause("FieldValueTooLong", $"Too long: may not be longer than {maxLength}", path));
        }

        if (schema.MinLength is { } minLength && length < minLength)
        {
            errors.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{text}\": {path} in body should be at least {minLength} chars long", path));
        }

        if (schema.PatternRegex is { } pattern && !pattern.IsMatch(text))
        {
            errors.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{text}\": {path} in body should match '{schema.Pattern}'", path));
        }

        if (schema.Format is { } format && !FormatMatches(format, text))
        {
            errors.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{text}\": {path} in body must be of type {format}: \"{text}\"", path));
        }
    }

    private static void CheckNumber(double number, JsonValue raw, SchemaNode schema, string path, List<StatusCause> errors)
    {
        var shown = raw.ToJsonString();
        if (schema.Minimum is { } minimum && (schema.ExclusiveMinimum ? number <= minimum : number < minimum))
        {
            errors.Add(new StatusCause("FieldValueInvalid",
                $"Invalid value: {shown}: {path} in body should be greater than " +
                $"{(schema.ExclusiveMinimum ? string.Empty : "or equal to ")}{Format(minimum)}", path));
        }

        if (schema.Maximum is { } maximum && (schema.ExclusiveMaximum ? number >= maximum : number > maximum))
        {
            errors.Add(new StatusCause("FieldValueInvalid",
                $"Invalid value: {shown}: {path} in body should be less than " +
                $"{(schema.ExclusiveMaximum ? string.Empty : "or equal to ")}{Format(maximum)}", path));
        }
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The string formats apiextensions validates (go-openapi strfmt); any other format is documentation only.</summary>
    private static bool FormatMatches(string format, string text) => format switch
    {
        // strfmt's IsIPv4/IsIPv6: Go's net.ParseIP, with a dot (or a colon) to tell the families apart.
        "ipv4" => IPAddress.TryParse(text, out var v4)
            && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            && text.Count(c => c == '.') == 3,
        "ipv6" => IPAddress.TryParse(text, out var v6)
            && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            && !text.Contains('%', StringComparison.Ordinal),
        "cidr" => IPNetwork.TryParse(text, out _),
        "date-time" or "datetime" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "duration" => DurationPattern().IsMatch(text),
        "byte" => IsBase64(text),
        _ => true,
    };

    private static bool IsBase64(string text)
    {
        Span<byte> buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?\s*(ns|us|µs|ms|s|m|h|d|w)\s*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
