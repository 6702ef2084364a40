using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Registry;

namespace NodeLocalDns.KubeApiServer.Discovery;

/// <summary>
/// A minimal OpenAPI v3 surface (<c>/openapi/v3</c> and one document per group-version). kubectl needs it to learn
/// that the server validates fields itself (the <c>fieldValidation</c> parameter of PATCH operations): without any
/// OpenAPI, <c>kubectl apply</c> fails with "failed to download openapi". The documents describe operations only, no
/// schemas; PATCH does not advertise strategic merge, so kubectl's client-side apply computes strategic merge patches
/// from its compiled-in types for built-in kinds and JSON merge patches for custom resources, as it does for CRDs in
/// a real cluster. <c>/openapi/v2</c> is not served (404), which kubectl tolerates.
/// </summary>
internal static class OpenApiV3Documents
{
    public static JsonObject Index(ResourceRegistry registry, string kubernetesVersion)
    {
        var paths = new JsonObject();
        foreach (var (path, _, _) in GroupVersions(registry))
        {
            paths[path] = new JsonObject
            {
                ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={Hash(GroupVersion(registry, path, kubernetesVersion)!)}",
            };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document of one group-version; <paramref name="path"/> is <c>api/v1</c> or <c>apis/{group}/{version}</c>.</summary>
    public static JsonObject? GroupVersion(ResourceRegistry registry, string path, string kubernetesVersion)
    {
        var match = GroupVersions(registry).FirstOrDefault(entry => entry.Path == path);
        if (match.Path is null)
        {
            return null;
        }

        var paths = new JsonObject();
        foreach (var definition in registry.InGroupVersion(match.Group, match.Version))
        {
            var prefix = match.Group.Length == 0 ? $"/api/{match.Version}" : $"/apis/{match.Group}/{match.Version}";
            var collection = definition.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{definition.Plural}" : $"{prefix}/{definition.Plural}";
            paths[collection + "/{name}"] = new JsonObject { ["patch"] = PatchOperation(definition) };
            if (definition.HasStatus)
            {
                paths[collection + "/{name}/status"] = new JsonObject { ["patch"] = PatchOperation(definition) };
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = kubernetesVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static JsonObject PatchOperation(ResourceDefinition definition)
    {
        var parameters = new JsonArray();
        foreach (var name in new[] { "dryRun", "fieldManager", "fieldValidation", "force" })
        {
            parameters.Add(new JsonObject
            {
                ["name"] = name,
                ["in"] = "query",
                ["schema"] = new JsonObject { ["type"] = name == "force" ? "boolean" : "string", ["uniqueItems"] = true },
            });
        }

        return new JsonObject
        {
            ["operationId"] = "patch" + definition.Kind,
            ["parameters"] = parameters,
            ["requestBody"] = new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["application/json-patch+json"] = new JsonObject(),
                    ["application/merge-patch+json"] = new JsonObject(),
                    ["application/apply-patch+yaml"] = new JsonObject(),
                },
                ["required"] = true,
            },
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            ["x-kubernetes-action"] = "patch",
            ["x-kubernetes-group-version-kind"] = new JsonObject
            {
                ["group"] = definition.Group,
                ["version"] = definition.Version,
                ["kind"] = definition.Kind,
            },
        };
    }

    private static IEnumerable<(string Path, string Group, string Version)> GroupVersions(ResourceRegistry registry) =>
        registry.Groups.SelectMany(group => group.Versions.Select(version =>
            (group.Name.Length == 0 ? $"api/{version}" : $"apis/{group.Name}/{version}", group.Name, version)));

    private static string Hash(JsonObject document) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())))[..32];
}
