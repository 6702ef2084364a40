using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Schemas;
using NodeLocalDns.KubeApiServer.Strategies;
using NodeLocalDns.KubeApiServer.Tables;

namespace NodeLocalDns.KubeApiServer.Registry;

/// <summary>
/// The set of served resources: the built-ins plus one definition per served version of every stored CRD. Rebuilt
/// whenever a CRD changes and swapped atomically, so discovery and routing always see a consistent set.
/// </summary>
internal sealed class ResourceRegistry
{
    private volatile RegistrySnapshot _current = RegistrySnapshot.Create(BuiltInResources.All);

    public IReadOnlyList<ResourceDefinition> All => _current.Definitions;

    public IReadOnlyList<ApiGroupInfo> Groups => _current.Groups;

    public ResourceDefinition? Find(string group, string version, string plural) =>
        _current.ByPath.GetValueOrDefault((group, version, plural));

    public ResourceDefinition? FindByKind(string apiVersion, string kind) =>
        _current.ByKind.GetValueOrDefault((apiVersion, kind));

    /// <summary>Any served version of a group-resource (for controllers that act on storage, not on a URL).</summary>
    public ResourceDefinition? FindByGroupResource(string groupResource) =>
        _current.ByGroupResource.GetValueOrDefault(groupResource);

    public IEnumerable<ResourceDefinition> InGroupVersion(string group, string version) =>
        _current.Definitions.Where(definition => definition.Group == group && definition.Version == version);

    /// <summary>Recomputes the custom resources from the stored CRDs (called with the store lock held).</summary>
    public void Rebuild(IEnumerable<JsonObject> customResourceDefinitions)
    {
        var definitions = new List<ResourceDefinition>(BuiltInResources.All);
        foreach (var crd in customResourceDefinitions)
        {
            definitions.AddRange(FromCustomResourceDefinition(crd));
        }

        _current = RegistrySnapshot.Create(definitions);
    }

    private static IEnumerable<ResourceDefinition> FromCustomResourceDefinition(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject;
        var group = JsonNodes.GetString(spec, "group");
        var plural = JsonNodes.GetString(spec, "names", "plural");
        var kind = JsonNodes.GetString(spec, "names", "kind");
        if (spec is null || group is null || plural is null || kind is null || spec["versions"] is not JsonArray versions)
        {
            yield break;
        }

        var namespaced = JsonNodes.GetString(spec, "scope") != "Cluster";
        var terminating = JsonNodes.GetString(crd, "metadata", "deletionTimestamp") is not null;
        foreach (var version in versions.OfType<JsonObject>())
        {
            if (version["served"]?.GetValue<bool>() != true || JsonNodes.GetString(version, "name") is not { } versionName)
            {
                continue;
            }

            yield return new ResourceDefinition
            {
                Group = group,
                Version = versionName,
                Plural = plural,
                Singular = JsonNodes.GetString(spec, "names", "singular") ?? kind.ToLowerInvariant(),
                Kind = kind,
                Namespaced = namespaced,
                ShortNames = JsonNodes.StringList(JsonNodes.GetNode(spec, "names", "shortNames")),
                Categories = JsonNodes.StringList(JsonNodes.GetNode(spec, "names", "categories")),
                HasStatus = JsonNodes.GetNode(version, "subresources", "status") is not null,
                TracksGeneration = true,
                AllowUnconditionalUpdate = false,
                ReturnDeletedObject = true,
                StrategicMergeSchema = null,
                Columns = TableColumns.ForCustomResource(version["additionalPrinterColumns"] as JsonArray),
                SelectableFields = (version["selectableFields"] as JsonArray)?.OfType<JsonObject>()
                    .Select(field => JsonNodes.GetString(field, "jsonPath")?.TrimStart('.'))
                    .OfType<string>().ToList() ?? [],
                IsCustom = true,
                IsTerminating = terminating,
                CustomResourceDefinitionName = JsonNodes.Name(crd),
                Strategy = JsonNodes.GetNode(version, "schema", "openAPIV3Schema") is JsonObject schema
                    ? new CustomResourceStrategy(SchemaNode.Parse(schema))
                    : DefaultStrategy.Instance,
            };
        }
    }
}
