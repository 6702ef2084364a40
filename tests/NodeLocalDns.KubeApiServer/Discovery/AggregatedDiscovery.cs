using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Registry;

namespace NodeLocalDns.KubeApiServer.Discovery;

/// <summary>
/// Aggregated discovery (<c>apidiscovery.k8s.io/v2 APIGroupDiscoveryList</c>, KEP-3352): all groups, versions and
/// resources in one response from <c>/api</c> and <c>/apis</c>, served when the client's Accept header asks for it,
/// as kubectl 1.32 does first.
/// </summary>
internal static class AggregatedDiscovery
{
    public const string ContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    public static JsonObject Build(ResourceRegistry registry, bool coreGroup)
    {
        var items = new JsonArray();
        foreach (var group in registry.Groups.Where(group => (group.Name.Length == 0) == coreGroup))
        {
            var versions = new JsonArray();
            foreach (var version in group.Versions)
            {
                var resources = new JsonArray();
                foreach (var definition in registry.InGroupVersion(group.Name, version).OrderBy(definition => definition.Plural, StringComparer.Ordinal))
                {
                    resources.Add(Resource(definition));
                }

                versions.Add(new JsonObject { ["version"] = version, ["resources"] = resources, ["freshness"] = "Current" });
            }

            items.Add(new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = group.Name, ["creationTimestamp"] = null },
                ["versions"] = versions,
            });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/v2",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static JsonObject Resource(ResourceDefinition definition)
    {
        var resource = new JsonObject
        {
            ["resource"] = definition.Plural,
            ["responseKind"] = ResponseKind(definition),
            ["scope"] = definition.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = definition.Singular,
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

        if (definition.HasStatus)
        {
            resource["subresources"] = new JsonArray(new JsonObject
            {
                ["subresource"] = "status",
                ["responseKind"] = ResponseKind(definition),
                ["verbs"] = JsonNodes.ToArray(ResourceDefinition.StatusVerbs),
            });
        }

        return resource;
    }

    private static JsonObject ResponseKind(ResourceDefinition definition) => new()
    {
        ["group"] = definition.Group,
        ["version"] = definition.Version,
        ["kind"] = definition.Kind,
    };
}
