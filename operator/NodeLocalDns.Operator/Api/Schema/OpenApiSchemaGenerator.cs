using System.Collections;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace NodeLocalDns.Operator.Api.Schema;

/// <summary>
/// Builds a structural OpenAPI v3 schema (what a CRD needs) from C# types by reflection: JSON names from
/// <see cref="JsonPropertyNameAttribute"/>, descriptions from <see cref="DescriptionAttribute"/>, defaults
/// from <see cref="DefaultValueAttribute"/>, bounds from data annotations, enums from
/// <see cref="JsonStringEnumMemberNameAttribute"/>, and CEL rules from <see cref="ValidationRuleAttribute"/>.
/// Pure: the same types always give the same schema, which is what lets a test catch a stale CRD.
/// <para>Reflection over whatever types a schema reaches, the client's models included, which the NativeAOT operator
/// trims away: it runs in the JIT build (<c>make crds</c>, the tests), and the published binary prints the CRD generated at
/// build time instead (<c>Cli/CrdSource.cs</c>).</para>
/// </summary>
[RequiresUnreferencedCode("Reflects over the API types and the client's models; the NativeAOT build embeds the generated CRD instead.")]
public static class OpenApiSchemaGenerator
{
    /// <summary>The schema of <paramref name="type"/>.</summary>
    public static V1JSONSchemaProps For(Type type) => For(type, []);

    private static V1JSONSchemaProps For(Type type, HashSet<Type> visiting)
    {
        ArgumentNullException.ThrowIfNull(type);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new V1JSONSchemaProps { Type = "string" };
        }

        if (type == typeof(bool))
        {
            return new V1JSONSchemaProps { Type = "boolean" };
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = type == typeof(int) ? "int32" : "int64" };
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new V1JSONSchemaProps { Type = "number" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new V1JSONSchemaProps { Type = "string", Format = "date-time" };
        }

        if (type == typeof(IntOrString) || type == typeof(ResourceQuantity))
        {
            return new V1JSONSchemaProps { XKubernetesIntOrString = true };
        }

        if (type == typeof(V1Condition))
        {
            return ConditionSchema.Create();
        }

        if (type.IsEnum)
        {
            return new V1JSONSchemaProps { Type = "string", EnumProperty = [.. EnumNames(type)] };
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return new V1JSONSchemaProps { Type = "object", AdditionalProperties = For(valueType, visiting) };
        }

        if (ListItemType(type) is { } itemType)
        {
            return new V1JSONSchemaProps { Type = "array", Items = For(itemType, visiting) };
        }

        if (!visiting.Add(type))
        {
            throw new InvalidOperationException($"{type} refers to itself; a structural schema cannot express that.");
        }

        try
        {
            return ObjectSchema(type, visiting);
        }
        finally
        {
            visiting.Remove(type);
        }
    }

    private static V1JSONSchemaProps ObjectSchema(Type type, HashSet<Type> visiting)
    {
        // A type's [Description] describes it where no property does: list items, for kubectl explain.
        var schema = new V1JSONSchemaProps
        {
            Type = "object",
            Properties = new Dictionary<string, V1JSONSchemaProps>(),
            Description = type.GetCustomAttribute<DescriptionAttribute>()?.Description,
        };
        var required = new List<string>();
        var instance = type.GetConstructor(Type.EmptyTypes) is not null && !type.IsAbstract ? Activator.CreateInstance(type) : null;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null || property.GetCustomAttribute<JsonPropertyNameAttribute>() is not { } jsonName)
            {
                continue;
            }

            var propertySchema = For(property.PropertyType, visiting);
            Annotate(propertySchema, property, instance);
            schema.Properties[jsonName.Name] = propertySchema;
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(jsonName.Name);
            }
        }

        if (required.Count > 0)
        {
            schema.Required = required;
        }

        var rules = type.GetCustomAttributes<ValidationRuleAttribute>().ToList();
        if (rules.Count > 0)
        {
            schema.XKubernetesValidations = [.. rules.Select(r => new V1ValidationRule { Rule = r.Rule, Message = r.Message })];
        }

        return schema;
    }

    private static void Annotate(V1JSONSchemaProps schema, PropertyInfo property, object? instance)
    {
        if (property.GetCustomAttribute<DescriptionAttribute>() is { } description)
        {
            schema.Description = description.Description;
        }

        if (property.GetCustomAttribute<DefaultValueAttribute>() is { } defaultValue)
        {
            schema.DefaultProperty = defaultValue.Value;
        }
        else if (instance is not null && property.GetValue(instance) is { } initial)
        {
            // What the C# type creates is the default, so the API server and the operator agree. An object's
            // default is spelled out in full: the API server validates a default against the schema and the CEL
            // rules at its place as written, without filling the nested defaults first, so `default: {}` under a
            // rule that reads self.dns is refused ("no such key: dns") and the CRD with it.
            if (schema.Type == "object" && schema.Properties is not null)
            {
                schema.DefaultProperty = DefaultOf(initial);
            }
            else if (schema.Type == "array" && initial is IEnumerable items && items.Cast<object>().Any())
            {
                schema.DefaultProperty = Plain(initial);
            }
        }

        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            schema.Minimum = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
            schema.Maximum = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
        }

        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } pattern)
        {
            schema.Pattern = pattern.Pattern;
        }

        if (property.GetCustomAttribute<StringLengthAttribute>() is { } maxLength)
        {
            schema.MaxLength = maxLength.MaximumLength;
        }

        if (property.GetCustomAttribute<SchemaFormatAttribute>() is { } format)
        {
            schema.Format = format.Format;
        }

        if (property.GetCustomAttribute<ListItemsAttribute>() is { } list)
        {
            schema.MinItems = list.MinItems >= 0 ? list.MinItems : null;
            schema.MaxItems = list.MaxItems >= 0 ? list.MaxItems : null;
            if (list.Unique)
            {
                schema.XKubernetesListType = "set";
            }

            if (list.MapKeys is { Length: > 0 } keys)
            {
                schema.XKubernetesListType = "map";
                schema.XKubernetesListMapKeys = [.. keys];
            }

            if (list.ItemPattern is not null && schema.Items is V1JSONSchemaProps items)
            {
                items.Pattern = list.ItemPattern;
            }

            if (list.ItemMaxLength >= 0 && schema.Items is V1JSONSchemaProps bounded)
            {
                bounded.MaxLength = list.ItemMaxLength;
            }
        }

        var rules = property.GetCustomAttributes<ValidationRuleAttribute>().ToList();
        if (rules.Count > 0)
        {
            schema.XKubernetesValidations = [.. rules.Select(r => new V1ValidationRule { Rule = r.Rule, Message = r.Message })];
        }
    }

    /// <summary>
    /// <paramref name="value"/> (an object the C# type creates) as a schema default: plain dictionaries, lists and
    /// scalars, without null fields or empty lists, which a default would only spell out as noise.
    /// </summary>
    public static object DefaultOf(object value) => Plain(JsonNode.Parse(KubernetesJson.Serialize(value)))!;

    /// <summary>A value as plain dictionaries, lists and scalars, the way the API server stores a default.</summary>
    private static object? Plain(object value) => Plain(JsonNode.Parse(KubernetesJson.Serialize(value)));

    private static object? Plain(JsonNode? node) => node switch
    {
        JsonObject o => o.Where(p => p.Value is not null and not JsonArray { Count: 0 }).ToDictionary(p => p.Key, p => Plain(p.Value)!),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v => v.ToString(),
        _ => null,
    };

    /// <summary>The JSON names of an enum's values, in declaration order.</summary>
    public static IEnumerable<string> EnumNames(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);

    private static Type? ListItemType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return type != typeof(string) && enumerable is not null ? enumerable.GetGenericArguments()[0] : null;
    }

    private static Type? DictionaryValueType(Type type)
    {
        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>))
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        return dictionary?.GetGenericArguments() is [var key, var value] && key == typeof(string) ? value : null;
    }
}
