using System.Globalization;
using System.Text;
using System.Text.Json;
using NodeLocalDns.Operator.Tests.Support.Helm;

namespace NodeLocalDns.Operator.Tests.Support.Docs;

/// <summary>
/// docs/crd-reference.md, written from the committed CRD (itself generated from the C# API types by <c>make crds</c>):
/// names and scope, the <c>kubectl get</c> columns, every field of spec and status with its type, default, constraints
/// and description, and the CEL rules. Only what the CRD says, so the reference cannot drift from what the API server
/// enforces.
/// </summary>
internal static class CrdReference
{
    public const string DocumentPath = "docs/crd-reference.md";

    public static string Generate(string crdYaml)
    {
        var crd = YamlValues.Parse(crdYaml);
        var version = (Dictionary<string, object?>)((List<object?>)YamlValues.At(crd, "spec.versions")!)[0]!;
        var schema = (Dictionary<string, object?>)YamlValues.At(version, "schema.openAPIV3Schema")!;
        var names = (Dictionary<string, object?>)YamlValues.At(crd, "spec.names")!;
        var text = new StringBuilder();
        text.Append("# NodeLocalDns API reference\n\n");
        text.Append("<!-- Generated from crds/dns.nodelocal.io_nodelocaldnses.yaml by tests/NodeLocalDns.Operator.Tests/Support/Docs/CrdReference.cs.\n");
        text.Append("     Do not edit: after `make crds`, run " +
            "`UPDATE_GOLDEN=1 dotnet test tests/NodeLocalDns.Operator.Tests --filter CrdReferenceTests`. -->\n\n");
        text.Append(CultureInfo.InvariantCulture,
            $"`{YamlValues.At(crd, "spec.group")}/{version["name"]}`, kind `{names["kind"]}` (list `{names["listKind"]}`), ");
        text.Append(CultureInfo.InvariantCulture, $"{((string)YamlValues.At(crd, "spec.scope")!).ToLowerInvariant()}-scoped, resource `{names["plural"]}`");
        text.Append(CultureInfo.InvariantCulture,
            $", short names {Codes(names.GetValueOrDefault("shortNames"))}, categories {Codes(names.GetValueOrDefault("categories"))}.");
        text.Append(version.GetValueOrDefault("subresources") is Dictionary<string, object?> subresources && subresources.ContainsKey("status")
            ? " The status is a subresource: only the operator writes it.\n\n"
            : "\n\n");
        text.Append("Every field is optional unless marked required; a default is what the API server fills in when the field is left out.\n");
        text.Append("The samples in `crds/samples/` (and `crds/samples/providers/`) set them for real clusters.\n\n");

        text.Append("## `kubectl get nld` columns\n\n| column | value | type | shown |\n| --- | --- | --- | --- |\n");
        foreach (var column in (version.GetValueOrDefault("additionalPrinterColumns") as List<object?> ?? []).Cast<Dictionary<string, object?>>())
        {
            var wide = column.GetValueOrDefault("priority") is long priority && priority > 0;
            var shown = wide ? "with `-o wide`" : "always";
            text.Append(CultureInfo.InvariantCulture,
                $"| {Cell((string)column["name"]!)} | `{Cell((string)column["jsonPath"]!)}` | {column["type"]} | {shown} |\n");
        }

        var rules = new List<(string Path, string Rule, string Message)>();
        foreach (var part in new[] { "spec", "status" })
        {
            var partSchema = (Dictionary<string, object?>)YamlValues.At(schema, $"properties.{part}")!;
            text.Append(CultureInfo.InvariantCulture, $"\n## `{part}`\n\n{Cell(Description(partSchema))}\n\n");
            text.Append("| field | type | default | constraints | description |\n| --- | --- | --- | --- | --- |\n");
            foreach (var (path, field, required) in Fields(partSchema, part))
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"| `{path}` | {Type(field)} | {Default(field)} | {Constraints(field, required)} | {Cell(Description(field))} |\n");
                foreach (var rule in (field.GetValueOrDefault("x-kubernetes-validations") as List<object?> ?? []).Cast<Dictionary<string, object?>>())
                {
                    rules.Add((path, (string)rule["rule"]!, rule.GetValueOrDefault("message") as string ?? string.Empty));
                }
            }

            if (partSchema.GetValueOrDefault("x-kubernetes-validations") is List<object?> own)
            {
                rules.InsertRange(0, own.Cast<Dictionary<string, object?>>()
                    .Select(rule => (part, (string)rule["rule"]!, rule.GetValueOrDefault("message") as string ?? string.Empty)));
            }
        }

        text.Append("\n## Rules checked at admission (CEL)\n\nThe API server refuses a NodeLocalDns that breaks one of these, with the message shown.\n\n");
        text.Append("| on | rule | message |\n| --- | --- | --- |\n");
        foreach (var (path, rule, message) in rules)
        {
            text.Append(CultureInfo.InvariantCulture, $"| `{path}` | `{Cell(rule)}` | {Cell(message)} |\n");
        }

        return text.ToString();
    }

    /// <summary>Every field under <paramref name="schema"/>, depth first in schema order; array items as <c>[]</c>.</summary>
    private static IEnumerable<(string Path, Dictionary<string, object?> Field, bool Required)> Fields(Dictionary<string, object?> schema, string path)
    {
        var requiredNames = (schema.GetValueOrDefault("required") as List<object?> ?? []).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [])
        {
            var field = (Dictionary<string, object?>)value!;
            var fieldPath = $"{path}.{name}";
            yield return (fieldPath, field, requiredNames.Contains(name));
            var nested = field.GetValueOrDefault("items") as Dictionary<string, object?> ?? field;

            // A subtree without a single description is one of Kubernetes's own types (affinity, tolerations, resources)
            // passed to the pod as it is: kubectl explain and the Kubernetes API reference document it better than
            // ninety undescribed rows would.
            if (!DescribedBelow(nested))
            {
                continue;
            }

            var nestedPath = ReferenceEquals(nested, field) ? fieldPath : fieldPath + "[]";
            foreach (var child in Fields(nested, nestedPath))
            {
                yield return child;
            }
        }
    }

    private static bool DescribedBelow(Dictionary<string, object?> schema) =>
        (schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? []).Values.OfType<Dictionary<string, object?>>()
            .Any(field => field.ContainsKey("description") || DescribedBelow(field.GetValueOrDefault("items") as Dictionary<string, object?> ?? field));

    private static string Type(Dictionary<string, object?> field)
    {
        if (field.GetValueOrDefault("x-kubernetes-int-or-string") is true)
        {
            return "integer or string";
        }

        var type = field.GetValueOrDefault("type") as string ?? "any";
        return type switch
        {
            "array" => "[]" + Type((Dictionary<string, object?>)field["items"]!),
            "object" when field.GetValueOrDefault("additionalProperties") is Dictionary<string, object?> values => $"map[string]{Type(values)}",
            _ when field.GetValueOrDefault("format") is string format => $"{type} ({format})",
            _ => type,
        };
    }

    private static string Default(Dictionary<string, object?> field)
    {
        if (!field.TryGetValue("default", out var value))
        {
            return string.Empty;
        }

        var json = JsonSerializer.Serialize(value);
        return json.Length <= 60 ? $"`{Cell(json)}`" : "the fields' defaults";
    }

    private static string Constraints(Dictionary<string, object?> field, bool required)
    {
        var parts = new List<string>();
        if (required)
        {
            parts.Add("required");
        }

        if (field.GetValueOrDefault("enum") is List<object?> values)
        {
            parts.Add("one of " + string.Join(", ", values.Select(v => $"`{v}`")));
        }

        Range(parts, field, "minimum", "maximum", string.Empty);
        Range(parts, field, "minLength", "maxLength", " characters");
        Range(parts, field, "minItems", "maxItems", " items");
        if (field.GetValueOrDefault("pattern") is string pattern)
        {
            parts.Add($"matches `{Cell(pattern)}`");
        }

        if (field.GetValueOrDefault("x-kubernetes-list-type") is "set")
        {
            parts.Add("no duplicates");
        }

        if (field.GetValueOrDefault("x-kubernetes-validations") is List<object?> rules)
        {
            parts.Add(rules.Count == 1 ? "a CEL rule (below)" : $"{rules.Count} CEL rules (below)");
        }

        return string.Join("; ", parts);
    }

    private static void Range(List<string> parts, Dictionary<string, object?> field, string minimum, string maximum, string unit)
    {
        var low = field.GetValueOrDefault(minimum);
        var high = field.GetValueOrDefault(maximum);
        if (low is not null && high is not null)
        {
            parts.Add($"{low} to {high}{unit}");
        }
        else if (low is not null)
        {
            parts.Add($"at least {low}{unit}");
        }
        else if (high is not null)
        {
            parts.Add($"at most {high}{unit}");
        }
    }

    private static string Description(Dictionary<string, object?> field) => field.GetValueOrDefault("description") as string ?? string.Empty;

    private static string Codes(object? values) => values is List<object?> list ? string.Join(", ", list.Select(v => $"`{v}`")) : "none";

    /// <summary>Text for one Markdown table cell: one line, pipes escaped.</summary>
    private static string Cell(string text) => text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal).Trim();
}
