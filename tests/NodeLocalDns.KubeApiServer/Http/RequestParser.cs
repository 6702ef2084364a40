using NodeLocalDns.KubeApiServer.Registry;

namespace NodeLocalDns.KubeApiServer.Http;

/// <summary>
/// Resolves a URL to an endpoint and <see cref="ApiRequestInfo"/>, following the apiserver's path layout:
/// <c>/api/v1/...</c> for the core group, <c>/apis/{group}/{version}/...</c> otherwise, then
/// <c>[namespaces/{ns}/]{resource}[/{name}[/{subresource}]]</c>, with the deprecated <c>/watch/</c> prefix also understood.
/// </summary>
internal static class RequestParser
{
    public static ParsedRequest Parse(string method, string path, IReadOnlyDictionary<string, string> query, string? contentType, ResourceRegistry registry)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var info = new ApiRequestInfo { Method = method, Path = path, Verb = method.ToLowerInvariant(), Query = query, ContentType = contentType };
        if (segments.Length == 0)
        {
            return new ParsedRequest(RequestKind.NotFound, info, null, false);
        }

        switch (segments[0])
        {
            case "version" when segments.Length == 1:
                return new ParsedRequest(RequestKind.Version, info, null, false);
            case "healthz" or "readyz" or "livez":
                return new ParsedRequest(RequestKind.Health, info, null, false);
            case "openapi" when segments.Length == 2 && segments[1] == "v3":
                return new ParsedRequest(RequestKind.OpenApiV3Index, info, null, false);
            case "openapi" when segments.Length >= 3 && segments[1] == "v3":
                return new ParsedRequest(RequestKind.OpenApiV3GroupVersion, info with { Group = string.Join('/', segments[2..]) }, null, false);
            case "api" when segments.Length == 1:
                return new ParsedRequest(RequestKind.CoreApiVersions, info, null, false);
            case "api":
                return ParseGroupVersionPath(info, string.Empty, segments[1], segments[2..], registry);
            case "apis" when segments.Length == 1:
                return new ParsedRequest(RequestKind.ApiGroupList, info, null, false);
            case "apis" when segments.Length == 2:
                return new ParsedRequest(RequestKind.ApiGroup, info with { Group = segments[1] }, null, false);
            case "apis":
                return ParseGroupVersionPath(info, segments[1], segments[2], segments[3..], registry);
            default:
                return new ParsedRequest(RequestKind.NotFound, info, null, false);
        }
    }

    private static ParsedRequest ParseGroupVersionPath(ApiRequestInfo info, string group, string version, string[] rest, ResourceRegistry registry)
    {
        info = info with { Group = group, Version = version };
        if (rest.Length == 0)
        {
            return new ParsedRequest(RequestKind.ApiResourceList, info, null, false);
        }

        var legacyWatch = false;
        if (rest[0] == "watch")
        {
            legacyWatch = true;
            rest = rest[1..];
        }

        string? ns = null;
        if (rest.Length >= 3 && rest[0] == "namespaces"
            && (registry.Find(group, version, rest[2]) is { Namespaced: true } || rest[2] is not ("status" or "finalize")))
        {
            ns = rest[1];
            rest = rest[2..];
        }

        if (rest.Length is 0 or > 3)
        {
            return new ParsedRequest(RequestKind.NotFound, info, null, false);
        }

        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        var definition = registry.Find(group, version, resource);
        info = info with { Resource = resource, Namespace = ns, Name = name, Subresource = subresource };
        if (definition is null || (ns is not null && !definition.Namespaced) || (subresource is not null && !(subresource == "status" && definition.HasStatus)))
        {
            return new ParsedRequest(RequestKind.NotFound, info, null, false);
        }

        // A namespaced object is addressed inside its namespace; only collections may span namespaces.
        if (definition.Namespaced && ns is null && name is not null)
        {
            return new ParsedRequest(RequestKind.NotFound, info, null, false);
        }

        var watch = legacyWatch || (info.Query.TryGetValue("watch", out var watchValue) && watchValue is "true" or "1");
        var verb = info.Method switch
        {
            "GET" when watch => "watch",
            "GET" => name is null ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name is null ? "deletecollection" : "delete",
            _ => info.Method.ToLowerInvariant(),
        };
        return new ParsedRequest(RequestKind.Resource, info with { Verb = verb }, definition, legacyWatch);
    }
}
