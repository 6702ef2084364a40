using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Errors;

namespace NodeLocalDns.KubeApiServer.Patching;

/// <summary>
/// Strategic merge patch as defined by k8s.io/apimachinery/pkg/util/strategicpatch: like a JSON merge patch, except
/// that lists tagged <c>patchStrategy:"merge"</c> merge element-wise (by <c>patchMergeKey</c>, or as a set for scalars),
/// and the directives <c>$patch</c> (replace/delete/merge), <c>$retainKeys</c>, <c>$deleteFromPrimitiveList/</c> and
/// <c>$setElementOrder/</c> that kubectl's client-side apply emits are honoured.
/// </summary>
internal static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";
    private const string SetElementOrderPrefix = "$setElementOrder/";

    public static JsonObject Apply(JsonObject original, JsonObject patch, PatchSchema schema) =>
        MergeMap(original, patch, schema) ?? new JsonObject();

    /// <returns>The merged map, or null when the patch deletes it (<c>$patch: delete</c>).</returns>
    private static JsonObject? MergeMap(JsonObject? original, JsonObject patch, PatchSchema schema)
    {
        var directive = DirectiveOf(patch);
        switch (directive)
        {
            case "delete":
                return null;
            case "replace":
                return StripDirectives(patch);
            case null or "merge":
                break;
            default:
                throw ApiErrors.BadRequest($"Unknown patch type: {directive} in map: {patch.ToJsonString()}");
        }

        var result = original is null ? new JsonObject() : (JsonObject)original.DeepClone();
        foreach (var (name, value) in patch)
        {
            if (name.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                result.Remove(name);
                continue;
            }

            var field = schema.Field(name);
            switch (value)
            {
                case JsonObject patchObject:
                    var merged = MergeMap(result[name] as JsonObject, patchObject, field?.Schema ?? PatchSchema.Empty);
                    if (merged is null)
                    {
                        result.Remove(name);
                    }
                    else
                    {
                        result[name] = merged;
                    }

                    break;
                case JsonArray patchArray:
                    result[name] = field is { Strategy: ListMergeStrategy.Merge }
                        ? MergeList(result[name] as JsonArray, patchArray, field)
                        : StripDirectives(patchArray);
                    break;
                default:
                    result[name] = value.DeepClone();
                    break;
            }
        }

        foreach (var (name, value) in patch)
        {
            if (name.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal) && value is JsonArray toDelete
                && result[name[DeleteFromPrimitiveListPrefix.Length..]] is JsonArray list)
            {
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    if (toDelete.Any(item => JsonNode.DeepEquals(item, list[i])))
                    {
                        list.RemoveAt(i);
                    }
                }
            }
        }

        foreach (var (name, value) in patch)
        {
            if (name.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal) && value is JsonArray order)
            {
                var listName = name[SetElementOrderPrefix.Length..];
                if (result[listName] is JsonArray list)
                {
                    result[listName] = Reorder(list, order, schema.Field(listName)?.MergeKey);
                }
            }
        }

        if (patch[RetainKeysDirective] is JsonArray retainKeys)
        {
            var keep = retainKeys.Select(key => key?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var name in result.Select(pair => pair.Key).ToList())
            {
                if (!keep.Contains(name))
                {
                    result.Remove(name);
                }
            }
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray? original, JsonArray patch, PatchField field)
    {
        if (patch.Any(item => item is JsonObject obj && DirectiveOf(obj) == "replace"))
        {
            return new JsonArray([.. patch.Where(item => !(item is JsonObject obj && DirectiveOf(obj) == "replace")).Select(item => item?.DeepClone())]);
        }

        var result = original is null ? new JsonArray() : (JsonArray)original.DeepClone();
        if (field.MergeKey is null)
        {
            // A set of scalars (e.g. metadata.finalizers): add what is missing, keep the rest.
            foreach (var item in patch)
            {
                if (!result.Any(existing => JsonNode.DeepEquals(existing, item)))
                {
                    result.Add(item?.DeepClone());
                }
            }

            return result;
        }

        var itemSchema = field.Schema ?? PatchSchema.Empty;
        foreach (var item in patch)
        {
            if (item is not JsonObject element)
            {
                result.Add(item?.DeepClone());
                continue;
            }

            var key = element[field.MergeKey];
            if (key is null)
            {
                throw new ApiException(422, "Invalid", $"map: {element.ToJsonString()} does not contain declared merge key: {field.MergeKey}");
            }

            var index = IndexOf(result, field.MergeKey, key);
            if (DirectiveOf(element) == "delete")
            {
                while (index >= 0)
                {
                    result.RemoveAt(index);
                    index = IndexOf(result, field.MergeKey, key);
                }

                continue;
            }

            if (index >= 0)
            {
                result[index] = MergeMap(result[index] as JsonObject, element, itemSchema);
            }
            else
            {
                result.Add(MergeMap(null, element, itemSchema));
            }
        }

        return result;
    }

    private static JsonArray Reorder(JsonArray list, JsonArray order, string? mergeKey)
    {
        JsonNode? KeyOf(JsonNode? node) => mergeKey is not null && node is JsonObject obj ? obj[mergeKey] : node;

        var remaining = list.Select(item => item?.DeepClone()).ToList();
        var ordered = new JsonArray();
        foreach (var wanted in order)
        {
            var wantedKey = KeyOf(wanted);
            var index = remaining.FindIndex(item => JsonNode.DeepEquals(KeyOf(item), wantedKey));
            if (index >= 0)
            {
                ordered.Add(remaining[index]);
                remaining.RemoveAt(index);
            }
        }

        foreach (var item in remaining)
        {
            ordered.Add(item);
        }

        return ordered;
    }

    private static int IndexOf(JsonArray list, string mergeKey, JsonNode key)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject obj && JsonNode.DeepEquals(obj[mergeKey], key))
            {
                return i;
            }
        }

        return -1;
    }

    private static string? DirectiveOf(JsonObject obj) =>
        obj[PatchDirective] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonObject StripDirectives(JsonObject obj)
    {
        var result = new JsonObject();
        foreach (var (name, value) in obj)
        {
            if (name.StartsWith('$'))
            {
                continue;
            }

            result[name] = value switch
            {
                JsonObject nested => StripDirectives(nested),
                JsonArray array => StripDirectives(array),
                _ => value?.DeepClone(),
            };
        }

        return result;
    }

    private static JsonArray StripDirectives(JsonArray array) =>
        new([.. array.Select(item => item switch
        {
            JsonObject nested => StripDirectives(nested),
            JsonArray inner => StripDirectives(inner),
            _ => item?.DeepClone(),
        })]);
}
