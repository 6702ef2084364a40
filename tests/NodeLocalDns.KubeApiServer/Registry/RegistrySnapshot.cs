namespace NodeLocalDns.KubeApiServer.Registry;

/// <summary>An immutable view of the served resources with the lookups routing and discovery need.</summary>
internal sealed record RegistrySnapshot(
    IReadOnlyList<ResourceDefinition> Definitions,
    IReadOnlyList<ApiGroupInfo> Groups,
    Dictionary<(string Group, string Version, string Plural), ResourceDefinition> ByPath,
    Dictionary<(string ApiVersion, string Kind), ResourceDefinition> ByKind,
    Dictionary<string, ResourceDefinition> ByGroupResource)
{
    /// <summary>Group order in /apis, as a cluster lists its built-in groups; custom groups follow alphabetically.</summary>
    private static readonly string[] BuiltInGroupOrder =
        ["", "apps", "events.k8s.io", "coordination.k8s.io", "policy", "rbac.authorization.k8s.io", "apiextensions.k8s.io"];

    public static RegistrySnapshot Create(IReadOnlyList<ResourceDefinition> definitions)
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
            .Select(group => new ApiGroupInfo(group.Key,
                group.Select(definition => definition.Version).Distinct().Order(KubeVersionComparer.Instance).ToList()))
            .ToList();
        return new RegistrySnapshot(definitions, groups, byPath, byKind, byGroupResource);
    }
}
