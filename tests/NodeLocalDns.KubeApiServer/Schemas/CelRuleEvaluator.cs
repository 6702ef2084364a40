using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cel;
using NodeLocalDns.KubeApiServer.Errors;

namespace NodeLocalDns.KubeApiServer.Schemas;

/// <summary>
/// Evaluates a schema's <c>x-kubernetes-validations</c> with the <c>Cel</c> package, as apiextensions' CEL validator
/// does: every rule at every place the value reaches (object properties, map values, list items), with <c>self</c>
/// the value there and, for transition rules, <c>oldSelf</c> the stored value at the same place (followed through
/// object properties, map keys and the keys of <c>x-kubernetes-list-type: map</c> lists, never into atomic lists or
/// sets). A missing field read without <c>has()</c> is an evaluation error, "no such key: NAME evaluating rule: ...",
/// exactly what a real API server answers. Not done: the static cost estimate and type checking of rules.
/// </summary>
internal static partial class CelRuleEvaluator
{
    // The Cel environment is not documented as thread-safe; tests are small, one lock is plenty.
    private static readonly Lock Gate = new();
    private static readonly CelEnvironment Environment = new(null, string.Empty);
    private static readonly ConcurrentDictionary<string, CelProgramDelegate> Compiled = new(StringComparer.Ordinal);

    /// <summary>Why <paramref name="rule"/> does not compile, or null when it does.</summary>
    public static string? CompileError(string rule)
    {
        try
        {
            Compile(rule);
            return null;
        }
        catch (Exception error)
        {
            return error.Message;
        }
    }

    /// <summary>Every rule failure in <paramref name="value"/> (and, on updates, compared with <paramref name="old"/>).</summary>
    public static List<StatusCause> Validate(JsonNode? value, JsonNode? old, bool hasOld, SchemaNode schema, string path)
    {
        var errors = new List<StatusCause>();
        Check(value, old, hasOld, schema, path, errors);
        return errors;
    }

    private static void Check(JsonNode? value, JsonNode? old, bool hasOld, SchemaNode schema, string path, List<StatusCause> errors)
    {
        if (value is null)
        {
            return;
        }

        foreach (var rule in schema.Rules)
        {
            if (rule.IsTransitionRule && !hasOld)
            {
                continue;
            }

            var type = schema.IntOrString ? JsonTypes.Of(value) : schema.Type ?? JsonTypes.Of(value);
            var place = rule.FieldPath is { Length: > 0 } fieldPath ? path + (fieldPath.StartsWith('.') ? fieldPath : "." + fieldPath) : path;
            try
            {
                var variables = new Dictionary<string, object?> { ["self"] = ToCel(value) };
                if (hasOld)
                {
                    variables["oldSelf"] = ToCel(old);
                }

                object? result;
                lock (Gate)
                {
                    result = Compile(rule.Rule)(variables!);
                }

                if (result is not true)
                {
                    var message = string.IsNullOrWhiteSpace(rule.Message) ? $"failed rule: {rule.Rule.Trim()}" : rule.Message.Trim();
                    errors.Add(rule.Reason switch
                    {
                        "FieldValueForbidden" => new StatusCause("FieldValueForbidden", "Forbidden: " + message, place),
                        "FieldValueRequired" => new StatusCause("FieldValueRequired", "Required value: " + message, place),
                        "FieldValueDuplicate" => new StatusCause("FieldValueDuplicate", "Duplicate value: " + message, place),
                        _ => new StatusCause("FieldValueInvalid", $"Invalid value: \"{type}\": {message}", place),
                    });
                }
            }
            catch (Exception error)
            {
                errors.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{type}\": {Explain(error)} evaluating rule: {rule.ErrorString}", place));
            }
        }

        switch (value)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    var childSchema = schema.Properties.GetValueOrDefault(name) ?? schema.AdditionalProperties;
                    if (childSchema is null)
                    {
                        continue;
                    }

                    var childPath = schema.Properties.ContainsKey(name) ? FieldPath.Child(path, name) : FieldPath.Key(path, name);
                    var oldChild = hasOld && old is JsonObject oldObject && oldObject.TryGetPropertyValue(name, out var found) ? found : null;
                    Check(child, oldChild, hasOld && old is JsonObject o && o.ContainsKey(name), childSchema, childPath, errors);
                }

                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    var oldItem = hasOld && schema.ListType == "map" && old is JsonArray oldArray && array[i] is JsonObject item
                        ? oldArray.OfType<JsonObject>().FirstOrDefault(
                            candidate => schema.ListMapKeys.All(key => JsonNode.DeepEquals(candidate[key], item[key])))
                        : null;
                    Check(array[i], oldItem, oldItem is not null, items, FieldPath.Index(path, i), errors);
                }

                break;
        }
    }

    private static CelProgramDelegate Compile(string rule)
    {
        if (Compiled.TryGetValue(rule, out var program))
        {
            return program;
        }

        lock (Gate)
        {
            program = Environment.Compile(rule);
        }

        Compiled[rule] = program;
        return program;
    }

    /// <summary>A JSON value as the Cel package represents CEL values (maps, lists, int64, double, string, bool).</summary>
    private static object? ToCel(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(pair => pair.Key, pair => ToCel(pair.Value), StringComparer.Ordinal),
        JsonArray array => array.Select(ToCel).ToArray(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetValue<long>(out var integer) => integer,
            JsonValueKind.Number => JsonTypes.Number(value),
            _ => null,
        },
        _ => null,
    };

    // cel-go says "no such key: dns" where the Cel package says "Cannot find overload to select field 'dns' ...".
    private static string Explain(Exception error) =>
        NoSuchField().Match(error.Message) is { Success: true } match ? $"no such key: {match.Groups[1].Value}" : error.Message;

    [GeneratedRegex("select field '([^']*)'")]
    private static partial Regex NoSuchField();
}
