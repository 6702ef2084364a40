using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Schemas;

/// <summary>
/// Applies a structural schema's defaults (apiextensions' defaulting): a property that is absent, or null without
/// <c>nullable</c>, gets a copy of its <c>default</c>, and the defaults inside it apply in turn; map values and list
/// items are defaulted the same way. Nulls of non-nullable fields without a default are dropped, as the API server
/// prunes them.
/// </summary>
internal static class SchemaDefaulter
{
    public static void Apply(JsonNode? value, SchemaNode schema)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var (name, property) in schema.Properties)
                {
                    var present = obj.TryGetPropertyValue(name, out var child);
                    if ((!present || (child is null && !property.Nullable)) && property.HasDefault && property.Default is not null)
                    {
                        obj[name] = property.Default.DeepClone();
                    }
                    else if (present && child is null && !property.Nullable)
                    {
                        obj.Remove(name);
                    }
                }

                foreach (var (name, child) in obj.ToList())
                {
                    if (schema.Properties.TryGetValue(name, out var property))
                    {
                        Apply(child, property);
                    }
                    else if (schema.AdditionalProperties is { } values)
                    {
                        Apply(child, values);
                    }
                }

                break;
            case JsonArray array when schema.Items is { } items:
                foreach (var item in array)
                {
                    Apply(item, items);
                }

                break;
        }
    }
}
