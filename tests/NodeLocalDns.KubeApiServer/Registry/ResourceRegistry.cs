using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Strategies;
using NodeLocalDns.KubeApiServer.Tables;

namespace NodeLocalDns.KubeApiServer.Registry;

/// <summary>
/// The set of served resources: the built-ins plus one definition per served version of every stored CRD. Rebuilt
/// whenever a CRD changes and swapped atomically, so discovery and routing always see a consistent set.
/// </summary>
internal sealed class ResourceRegistry
{
    private static readonly string[] BuiltInGroupOrder =
        ["", "apps", "events.k8s.io", "coordination.k8s.io", "rbac.authorization.k8s.io", "apiextensions.k8s.io"];

    private volatile Snapshot current = Snapshot.Create(BuiltInResources.All);

    public IReadOnlyList<ResourceDefinition> All => current.Definitions;

    public IReadOnlyList<ApiGroupInfo> Groups => current.Groups;

    public ResourceDefinition? Find(string group, string version, string plural) =>
        current.ByPath.GetValueOrDefault((group, version, plural));

    public ResourceDefinition? FindByKind(string apiVersion, string kind) =>
        current.ByKind.GetValueOrDefault((apiVersion, kind));

    /// <summary>Any served version of a group-resource (for controllers that act on storage, not on a URL).</summary>
    public ResourceDefinition? FindByGroupResource(string groupResource) =>
        current.ByGroupResource.GetValueOrDefault(groupResource);

    public IEnumerable<ResourceDefinition> InGroupVersion(string group, string version) =>
        current.Definitions.Where(definition => definition.Group == group && definition.Version == version);

    /// <summary>Recomputes the custom resources from the stored CRDs (called with the store lock held).</summary>
    public void Rebuild(IEnumerable<JsonObject> customResourceDefinitions)
    {
        var definitions = new List<ResourceDefinition>(BuiltInResources.All);
        foreach (var crd in customResourceDefinitions)
        {
            definitions.AddRange(FromCustomResourceDefinition(crd));
        }

        current = Snapshot.Create(definitions);
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
                Strategy = DefaultStrategy.Instance,
            };
        }
    }

    private sealed record Snapshot(
        IReadOnlyList<ResourceDefinition> Definitions,
        IReadOnlyList<ApiGroupInfo> Groups,
        Dictionary<(string Group, string Version, string Plural), ResourceDefinition> ByPath,
        Dictionary<(string ApiVersion, string Kind), ResourceDefinition> ByKind,
        Dictionary<string, ResourceDefinition> ByGroupResource)
    {
        public static Snapshot Create(IReadOnlyList<ResourceDefinition> definitions)
        {
            var byPath = new Dictionary<(string, string, string), ResourceDefinition>();
            var byKind = new Dictionary<(string, string), ResourceDefinition>();
            var byGroupResource = new Dictionary<string, ResourceDefinition>(StringComparer.Ordinal);
            foreach (var definition in definitions)
            {
                byPath.TryAdd((definition.Group, definition.Version, definition.Plural), definition);
                byKind.TryAdd((definition.GroupVersion, definition.Kind), definition);
                byGroupResource.TryAdd(definition.GroupResource, definition);
            }

            var groups = definitions
                .GroupBy(definition => definition.Group)
                .OrderBy(group => Array.IndexOf(BuiltInGroupOrder, group.Key) is var index && index >= 0 ? index : BuiltInGroupOrder.Length)
                .ThenBy(group => group.Key, StringComparer.Ordinal)
                .Select(group => new ApiGroupInfo(group.Key, group.Select(definition => definition.Version).Distinct().Order(KubeVersionComparer.Instance).ToList()))
                .ToList();
            return new Snapshot(definitions, groups, byPath, byKind, byGroupResource);
        }
    }
}
