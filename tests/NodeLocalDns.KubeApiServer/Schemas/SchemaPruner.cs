using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Schemas;

/// <summary>
/// Drops the fields a structural schema does not declare (apiextensions' pruning), except under
/// <c>x-kubernetes-preserve-unknown-fields</c> and inside embedded resources' metadata, and returns their paths so
/// that <c>fieldValidation=Strict</c> can refuse them instead.
/// </summary>
internal static class SchemaPruner
{
    public static List<string> Prune(JsonNode? value, SchemaNode schema, string path)
    {
        var pruned = new List<string>();
        Walk(value, schema, path, pruned);
        return pruned;
    }

    private static void Walk(JsonNode? value, SchemaNode schema, string path, List<string> pruned)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (schema.Properties.TryGetValue(name, out var property))
                    {
                        Walk(child, property, FieldPath.Child(path, name), pruned);
                    }
                    else if (schema.AdditionalProperties is { } values)
                    {
                        Walk(child, values, FieldPath.Key(path, name), pruned);
                    }
                    else if (schema.EmbeddedResource && name is "apiVersion" or "kind" or "metadata")
                    {
                        continue;
                    }
                    else if (!schema.PreserveUnknownFields)
                    {
                        obj.Remove(name);
                        pruned.Add(FieldPath.Child(path, name));
                    }
                }

                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], items, FieldPath.Index(path, i), pruned);
                }

                break;
        }
    }
}
