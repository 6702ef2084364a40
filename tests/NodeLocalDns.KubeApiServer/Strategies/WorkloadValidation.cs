using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Errors;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Registry;
using NodeLocalDns.KubeApiServer.Selectors;

namespace NodeLocalDns.KubeApiServer.Strategies;

/// <summary>
/// The apps/v1 validation rules an operator most easily trips over: a required selector that matches the template's
/// labels, an immutable selector, and containers with a name and an image.
/// </summary>
internal static class WorkloadValidation
{
    public static void Validate(ResourceDefinition definition, JsonObject obj, JsonObject? existing)
    {
        var causes = new List<StatusCause>();
        var selector = JsonNodes.GetNode(obj, "spec", "selector") as JsonObject;
        var templateLabels = JsonNodes.StringMap(JsonNodes.GetNode(obj, "spec", "template", "metadata", "labels"));
        if (selector is null || (selector["matchLabels"] is null && selector["matchExpressions"] is null))
        {
            causes.Add(ApiErrors.Required("spec.selector", string.Empty));
        }
        else if (!SelectorMatches(selector, templateLabels))
        {
            causes.Add(ApiErrors.InvalidValue("spec.template.metadata.labels", FormatLabels(templateLabels), "`selector` does not match template `labels`"));
        }

        if (existing is not null && !JsonNode.DeepEquals(selector, JsonNodes.GetNode(existing, "spec", "selector")))
        {
            causes.Add(ApiErrors.InvalidValue("spec.selector", selector?.ToJsonString() ?? "null", "field is immutable"));
        }

        var containers = JsonNodes.GetNode(obj, "spec", "template", "spec", "containers") as JsonArray;
        if (containers is null || containers.Count == 0)
        {
            causes.Add(ApiErrors.Required("spec.template.spec.containers", string.Empty));
        }
        else
        {
            for (var i = 0; i < containers.Count; i++)
            {
                if (string.IsNullOrEmpty(JsonNodes.GetString(containers[i], "name")))
                {
                    causes.Add(ApiErrors.Required($"spec.template.spec.containers[{i}].name", string.Empty));
                }

                if (string.IsNullOrEmpty(JsonNodes.GetString(containers[i], "image")))
                {
                    causes.Add(ApiErrors.Required($"spec.template.spec.containers[{i}].image", string.Empty));
                }
            }
        }

        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(definition.Group, definition.Kind, JsonNodes.Name(obj) ?? string.Empty, causes);
        }
    }

    /// <summary>Evaluates a metav1.LabelSelector (matchLabels and matchExpressions).</summary>
    public static bool SelectorMatches(JsonObject selector, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in JsonNodes.StringMap(selector["matchLabels"]))
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        if (selector["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions.OfType<JsonObject>())
            {
                var key = JsonNodes.GetString(expression, "key") ?? string.Empty;
                var values = JsonNodes.StringList(expression["values"]);
                var op = JsonNodes.GetString(expression, "operator") switch
                {
                    "In" => LabelOperator.In,
                    "NotIn" => LabelOperator.NotIn,
                    "Exists" => LabelOperator.Exists,
                    _ => LabelOperator.DoesNotExist,
                };
                if (!new LabelRequirement(key, op, values).Matches(labels))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static string FormatLabels(IReadOnlyDictionary<string, string> labels) =>
        string.Join(",", labels.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"));
}
