using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NodeLocalDns.KubeApiServer.Errors;

namespace NodeLocalDns.KubeApiServer.Strategies;

/// <summary>
/// Label validation of ValidateObjectMeta (k8s.io/apimachinery/pkg/api/validation): keys are an optional DNS-subdomain
/// prefix plus a name of at most 63 characters, values at most 63 characters of the same alphabet. Operators that
/// derive labels from versions or node names hit these rules in a real cluster.
/// </summary>
internal static partial class MetadataValidation
{
    public static List<StatusCause> ValidateLabels(JsonObject metadata)
    {
        var causes = new List<StatusCause>();
        if (metadata["labels"] is not JsonObject labels)
        {
            return causes;
        }

        foreach (var (key, node) in labels)
        {
            if (!IsQualifiedName(key))
            {
                causes.Add(ApiErrors.InvalidValue("metadata.labels", key,
                    "name part must consist of alphanumeric characters, '-', '_' or '.', " +
                    "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', " +
                    "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') " +
                    "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"));
            }

            var value = node is JsonValue jsonValue && jsonValue.TryGetValue<string>(out var text) ? text : null;
            if (value is null)
            {
                causes.Add(ApiErrors.InvalidValue($"metadata.labels[{key}]", node?.ToJsonString() ?? "null", "label values must be strings"));
            }
            else if (value.Length > 63 || (value.Length > 0 && !NamePart().IsMatch(value)))
            {
                causes.Add(ApiErrors.InvalidValue("metadata.labels", value,
                    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', " +
                    "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', " +
                    "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
            }
        }

        return causes;
    }

    private static bool IsQualifiedName(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0 || NameValidation.Validate(NameRule.Subdomain, prefix) is not null)
            {
                return false;
            }
        }

        return name.Length is > 0 and <= 63 && NamePart().IsMatch(name);
    }

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex NamePart();
}
