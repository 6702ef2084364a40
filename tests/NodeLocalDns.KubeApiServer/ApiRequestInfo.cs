namespace NodeLocalDns.KubeApiServer;

/// <summary>
/// What a request asks for, resolved as the apiserver's RequestInfo resolver does: the verb (get, list, watch,
/// create, update, patch, delete, deletecollection), the group, version, resource, subresource, namespace and name.
/// Non-resource requests (discovery, /version, /openapi) have a null <see cref="Resource"/> and the HTTP method as verb
/// in lower case.
/// </summary>
public sealed record ApiRequestInfo
{
    public required string Method { get; init; }

    public required string Path { get; init; }

    public required string Verb { get; init; }

    public string? Group { get; init; }

    public string? Version { get; init; }

    public string? Resource { get; init; }

    public string? Subresource { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    /// <summary>The request's Content-Type (patch type for PATCH), without parameters.</summary>
    public string? ContentType { get; init; }

    /// <summary>Query parameters (first value of each).</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    public bool IsResourceRequest => Resource is not null;

    /// <summary><c>resource</c> or <c>resource/subresource</c>, the key used by write counts.</summary>
    public string? ResourcePath => Resource is null ? null : Subresource is null ? Resource : $"{Resource}/{Subresource}";

    /// <summary>True for create, update, patch, delete and deletecollection.</summary>
    public bool IsWrite => Verb is "create" or "update" or "patch" or "delete" or "deletecollection";
}
