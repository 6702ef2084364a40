using System.Globalization;
using System.Text.RegularExpressions;
using NodeLocalDns.Operator.Tests.Support.Helm;

namespace NodeLocalDns.Operator.Tests.Support.Manifests;

/// <summary>
/// Checks an object against a CRD's structural openAPIV3Schema the way the API server does on create with
/// <c>kubectl apply</c>'s default strict field validation: types (including <c>format: int32/int64</c> ranges and
/// <c>x-kubernetes-int-or-string</c>), <c>enum</c>, <c>required</c>, <c>minimum</c>/<c>maximum</c>,
/// <c>minLength</c>/<c>maxLength</c>, <c>pattern</c>, <c>minItems</c>/<c>maxItems</c>, set uniqueness, and unknown
/// fields (the server would prune them, and strict validation rejects them). Nulls are dropped first, as the server
/// prunes nulls of non-nullable fields. <c>metadata</c> is left to the server's own rules. Not evaluated: CEL
/// <c>x-kubernetes-validations</c> (listed in <see cref="UncheckedRules"/>) and defaulting.
/// </summary>
internal sealed class StructuralSchemaValidator
{
    private readonly Dictionary<string, object?> _root;
    private readonly List<string> _uncheckedRules = [];

    public StructuralSchemaValidator(Dictionary<string, object?> openApiV3Schema)
    {
        _root = openApiV3Schema;
        CollectRules(_root, string.Empty);
    }

    /// <summary>The CEL rules this validator does not evaluate, with their paths, so a test can check them by other means.</summary>
    public IReadOnlyList<string> UncheckedRules => _uncheckedRules;

    /// <summary>The version's schema from a CRD document.</summary>
    public static StructuralSchemaValidator ForCrd(string crdYaml, string version)
    {
        var crd = YamlValues.Parse(crdYaml);
        var versions = YamlValues.At(crd, "spec.versions") as List<object?> ?? throw new InvalidDataException("the CRD has no spec.versions");
        var served = versions.OfType<Dictionary<string, object?>>().SingleOrDefault(v => v["name"] as string == version)
            ?? throw new InvalidDataException($"the CRD has no version {version}");
        return new StructuralSchemaValidator(YamlValues.At(served, "schema.openAPIV3Schema") as Dictionary<string, object?>
            ?? throw new InvalidDataException("the version has no openAPIV3Schema"));
    }

    /// <summary>Every violation in <paramref name="value"/> (empty when valid), as "path: message".</summary>
    public List<string> Validate(object? value)
    {
        var errors = new List<string>();
        if (value is Dictionary<string, object?> root)
        {
            var withoutMetadata = root.Where(pair => pair.Key != "metadata").ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
            if (root.TryGetValue("metadata", out var metadata) && metadata is not Dictionary<string, object?>)
            {
                errors.Add("metadata: must be an object");
            }

            Check(withoutMetadata, _root, string.Empty, errors);
        }
        else
        {
            errors.Add("<root>: must be an object");
        }

        return errors;
    }

    private static void Check(object? value, Dictionary<string, object?> schema, string path, List<string> errors)
    {
        var where = path.Length == 0 ? "<root>" : path;
        if (schema.GetValueOrDefault("x-kubernetes-int-or-string") is true)
        {
            if (value is not (long or string))
            {
                errors.Add($"{where}: must be an integer or a string, got {Describe(value)}");
            }

            return;
        }

        var type = schema.GetValueOrDefault("type") as string;
        switch (type)
        {
            case "object":
                if (value is not Dictionary<string, object?> map)
                {
                    errors.Add($"{where}: must be an object, got {Describe(value)}");
                    return;
                }

                CheckObject(map, schema, path, errors);
                break;
            case "array":
                if (value is not List<object?> list)
                {
                    errors.Add($"{where}: must be an array, got {Describe(value)}");
                    return;
                }

                CheckArray(list, schema, path, errors);
                break;
            case "string":
                if (value is not string text)
                {
                    errors.Add($"{where}: must be a string, got {Describe(value)}");
                    return;
                }

                CheckString(text, schema, where, errors);
                break;
            case "integer":
                if (value is not long integer)
                {
                    errors.Add($"{where}: must be an integer, got {Describe(value)}");
                    return;
                }

                CheckNumber(integer, schema, where, errors);
                break;
            case "number":
                if (value is not (long or double))
                {
                    errors.Add($"{where}: must be a number, got {Describe(value)}");
                    return;
                }

                CheckNumber(Convert.ToDouble(value, CultureInfo.InvariantCulture), schema, where, errors);
                break;
            case "boolean":
                if (value is not bool)
                {
                    errors.Add($"{where}: must be a boolean, got {Describe(value)}");
                }

                break;
            case null:
                if (schema.GetValueOrDefault("x-kubernetes-preserve-unknown-fields") is not true)
                {
                    errors.Add($"{where}: the schema gives no type (not structural)");
                }

                return;
            default:
                errors.Add($"{where}: unknown schema type '{type}'");
                return;
        }

        if (schema.GetValueOrDefault("enum") is List<object?> allowed && !allowed.Any(a => Equals(a, value)))
        {
            errors.Add($"{where}: Unsupported value: {Show(value)}: supported values: {string.Join(", ", allowed.Select(Show))}");
        }
    }

    private static void CheckObject(Dictionary<string, object?> map, Dictionary<string, object?> schema, string path, List<string> errors)
    {
        var properties = schema.GetValueOrDefault("properties") as Dictionary<string, object?>;
        var additional = schema.GetValueOrDefault("additionalProperties") as Dictionary<string, object?>;
        var preserve = schema.GetValueOrDefault("x-kubernetes-preserve-unknown-fields") is true;
        foreach (var (key, item) in map)
        {
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (item is null)
            {
                continue; // pruned: none of our fields is nullable
            }

            if (properties?.GetValueOrDefault(key) is Dictionary<string, object?> propertySchema)
            {
                Check(item, propertySchema, childPath, errors);
            }
            else if (additional is not null)
            {
                Check(item, additional, childPath, errors);
            }
            else if (!preserve)
            {
                errors.Add($"{childPath}: unknown field \"{key}\"");
            }
        }

        foreach (var required in (schema.GetValueOrDefault("required") as List<object?> ?? []).OfType<string>())
        {
            if (map.GetValueOrDefault(required) is null)
            {
                errors.Add($"{(path.Length == 0 ? required : $"{path}.{required}")}: Required value");
            }
        }
    }

    private static void CheckArray(List<object?> list, Dictionary<string, object?> schema, string path, List<string> errors)
    {
        if (schema.GetValueOrDefault("minItems") is long min && list.Count < min)
        {
            errors.Add($"{path}: must have at least {min} items");
        }

        if (schema.GetValueOrDefault("maxItems") is long max && list.Count > max)
        {
            errors.Add($"{path}: Too many: {list.Count}: must have at most {max} items");
        }

        if (schema.GetValueOrDefault("x-kubernetes-list-type") as string == "set")
        {
            var duplicates = list.GroupBy(Show).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (duplicates.Count > 0)
            {
                errors.Add($"{path}: Duplicate value: {string.Join(", ", duplicates)}");
            }
        }

        if (schema.GetValueOrDefault("items") is Dictionary<string, object?> itemSchema)
        {
            for (var i = 0; i < list.Count; i++)
            {
                Check(list[i], itemSchema, $"{path}[{i}]", errors);
            }
        }
    }

    private static void CheckString(string text, Dictionary<string, object?> schema, string where, List<string> errors)
    {
        if (schema.GetValueOrDefault("minLength") is long min && text.Length < min)
        {
            errors.Add($"{where}: should be at least {min} chars long");
        }

        if (schema.GetValueOrDefault("maxLength") is long max && text.Length > max)
        {
            errors.Add($"{where}: Too long: may not be longer than {max}");
        }

        if (schema.GetValueOrDefault("pattern") is string pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add($"{where}: Invalid value: \"{text}\": should match '{pattern}'");
        }

        if (schema.GetValueOrDefault("format") as string == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
        {
            errors.Add($"{where}: Invalid value: \"{text}\": should be a date-time");
        }
    }

    private static void CheckNumber(double number, Dictionary<string, object?> schema, string where, List<string> errors)
    {
        var format = schema.GetValueOrDefault("format") as string;
        if ((format == "int32" && (number < int.MinValue || number > int.MaxValue)) || (format == "int64" && (number < long.MinValue || number > long.MaxValue)))
        {
            errors.Add($"{where}: does not fit {format}");
        }

        if (schema.GetValueOrDefault("minimum") is { } minimum && number < Convert.ToDouble(minimum, CultureInfo.InvariantCulture))
        {
            errors.Add($"{where}: Invalid value: {Show(number)}: should be greater than or equal to {Show(minimum)}");
        }

        if (schema.GetValueOrDefault("maximum") is { } maximum && number > Convert.ToDouble(maximum, CultureInfo.InvariantCulture))
        {
            errors.Add($"{where}: Invalid value: {Show(number)}: should be less than or equal to {Show(maximum)}");
        }
    }

    private void CollectRules(Dictionary<string, object?> schema, string path)
    {
        foreach (var rule in (schema.GetValueOrDefault("x-kubernetes-validations") as List<object?> ?? []).OfType<Dictionary<string, object?>>())
        {
            _uncheckedRules.Add($"{(path.Length == 0 ? "<root>" : path)}: {rule.GetValueOrDefault("rule")}");
        }

        foreach (var (name, property) in schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [])
        {
            if (property is Dictionary<string, object?> child)
            {
                CollectRules(child, path.Length == 0 ? name : $"{path}.{name}");
            }
        }

        if (schema.GetValueOrDefault("items") is Dictionary<string, object?> items)
        {
            CollectRules(items, path + "[*]");
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string => "string",
        long => "integer",
        double => "number",
        bool => "boolean",
        List<object?> => "array",
        Dictionary<string, object?> => "object",
        _ => value.GetType().Name,
    };

    private static string Show(object? value) => value switch
    {
        string text => $"\"{text}\"",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        long number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        null => "null",
        _ => YamlValues.ToYaml(value).Replace('\n', ' '),
    };
}
