using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Patching;

/// <summary>
/// Server-side apply, simplified. The real apiserver tracks field ownership per manager in
/// <c>metadata.managedFields</c> (KEP-555) and reports conflicts between managers. This server keeps, per object and
/// field manager, the configuration that manager last applied, and turns a new apply into a strategic merge patch that
/// (a) sets everything in the new configuration and (b) removes what the manager applied before but no longer
/// mentions. For a single manager this gives the same result; conflicts between managers are never reported
/// (<c>force</c> is accepted and has no effect), and managedFields are not written.
/// </summary>
internal static class ApplyPatchBuilder
{
    public static JsonObject Build(JsonObject configuration, JsonObject? previouslyApplied, PatchSchema schema)
    {
        var patch = (JsonObject)configuration.DeepClone();
        if (previouslyApplied is not null)
        {
            AddRemovals(previouslyApplied, configuration, patch, schema);
        }

        return patch;
    }

    private static void AddRemovals(JsonObject previous, JsonObject current, JsonObject patch, PatchSchema schema)
    {
        foreach (var (name, previousValue) in previous)
        {
            if (!current.TryGetPropertyValue(name, out var currentValue))
            {
                patch[name] = null;
                continue;
            }

            var field = schema.Field(name);
            if (previousValue is JsonObject previousObject && currentValue is JsonObject currentObject && patch[name] is JsonObject patchObject)
            {
                AddRemovals(previousObject, currentObject, patchObject, field?.Schema ?? PatchSchema.Empty);
            }
            else if (previousValue is JsonArray previousList && currentValue is JsonArray currentList && patch[name] is JsonArray patchList
                     && field is { Strategy: ListMergeStrategy.Merge })
            {
                if (field.MergeKey is null)
                {
                    // A set of scalars (e.g. finalizers): remove only what this manager applied before and dropped.
                    var removed = previousList.Where(item => !currentList.Any(other => JsonNode.DeepEquals(item, other))).ToList();
                    if (removed.Count > 0)
                    {
                        patch["$deleteFromPrimitiveList/" + name] = new JsonArray([.. removed.Select(item => item?.DeepClone())]);
                    }
                }
                else
                {
                    AddListRemovals(previousList, currentList, patchList, field.MergeKey);
                }
            }
        }
    }

    private static void AddListRemovals(JsonArray previous, JsonArray current, JsonArray patch, string mergeKey)
    {
        foreach (var item in previous.OfType<JsonObject>())
        {
            var key = item[mergeKey];
            if (key is not null && !current.OfType<JsonObject>().Any(other => JsonNode.DeepEquals(other[mergeKey], key)))
            {
                patch.Add(new JsonObject { [mergeKey] = key.DeepClone(), ["$patch"] = "delete" });
            }
        }
    }
}
