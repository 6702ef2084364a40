using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Registry;

namespace NodeLocalDns.KubeApiServer.Discovery;

/// <summary>
/// The unaggregated discovery documents (<c>/api</c>, <c>/apis</c>, <c>/apis/{group}</c>, <c>/api/v1</c>,
/// <c>/apis/{group}/{version}</c>) that clients use to map kinds to resources; kubectl falls back to them when the
/// aggregated form is not offered.
/// </summary>
internal static class DiscoveryDocuments
{
    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject ApiGroupList(ResourceRegistry registry)
    {
        var groups = new JsonArray();
        foreach (var group in registry.Groups.Where(group => group.Name.Length > 0))
        {
            groups.Add(ApiGroup(group));
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public static JsonObject? ApiGroupDocument(ResourceRegistry registry, string name)
    {
        var group = registry.Groups.FirstOrDefault(group => group.Name == name && name.Length > 0);
        if (group is null)
        {
            return null;
        }

        var document = ApiGroup(group);
        document["kind"] = "APIGroup";
        document["apiVersion"] = "v1";
        return document;
    }

    public static JsonObject? ApiResourceList(ResourceRegistry registry, string group, string version)
    {
        var definitions = registry.InGroupVersion(group, version).ToList();
        if (definitions.Count == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var definition in definitions.OrderBy(definition => definition.Plural, StringComparer.Ordinal))
        {
            var resource = new JsonObject
            {
                ["name"] = definition.Plural,
                ["singularName"] = definition.Singular,
                ["namespaced"] = definition.Namespaced,
                ["kind"] = definition.Kind,
                ["verbs"] = JsonNodes.ToArray(ResourceDefinition.AllVerbs),
            };
            if (definition.ShortNames.Count > 0)
            {
                resource["shortNames"] = JsonNodes.ToArray(definition.ShortNames);
            }

            if (definition.Categories.Count > 0)
            {
                resource["categories"] = JsonNodes.ToArray(definition.Categories);
            }

            resource["storageVersionHash"] = StorageVersionHash(definition);
            resources.Add(resource);
            if (definition.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = definition.Plural + "/status",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = definition.Namespaced,
                    ["kind"] = definition.Kind,
                    ["verbs"] = JsonNodes.ToArray(ResourceDefinition.StatusVerbs),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    /// <summary>An opaque hash of the storage identity, as the apiserver publishes for storage migration tooling.</summary>
    public static string StorageVersionHash(ResourceDefinition definition)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{definition.Group}/{definition.Version}/{definition.Kind}"));
        return Convert.ToBase64String(bytes, 0, 8);
    }

    private static JsonObject ApiGroup(ApiGroupInfo group)
    {
        var versions = new JsonArray();
        foreach (var version in group.Versions)
        {
            versions.Add(GroupVersionForDiscovery(group.Name, version));
        }

        return new JsonObject
        {
            ["name"] = group.Name,
            ["versions"] = versions,
            ["preferredVersion"] = GroupVersionForDiscovery(group.Name, group.PreferredVersion),
        };
    }

    private static JsonObject GroupVersionForDiscovery(string group, string version) => new()
    {
        ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
        ["version"] = version,
    };
}
