using NodeLocalDns.KubeApiServer.Patching;
using NodeLocalDns.KubeApiServer.Strategies;
using NodeLocalDns.KubeApiServer.Tables;

namespace NodeLocalDns.KubeApiServer.Registry;

/// <summary>
/// Everything the server knows about one served resource in one version: its names (for discovery and errors),
/// its scope, its subresources and how its objects behave on writes.
/// </summary>
internal sealed record ResourceDefinition
{
    public required string Group { get; init; }

    public required string Version { get; init; }

    /// <summary>The resource name in URLs, e.g. <c>configmaps</c>.</summary>
    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required string Kind { get; init; }

    public string ListKind => Kind + "List";

    public required bool Namespaced { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Whether <c>/status</c> exists; then writes to the main resource ignore <c>.status</c>.</summary>
    public bool HasStatus { get; init; }

    /// <summary>Whether <c>metadata.generation</c> is maintained (workloads, CRDs, custom resources).</summary>
    public bool TracksGeneration { get; init; }

    /// <summary>Custom resources and CRDs require <c>metadata.resourceVersion</c> on PUT; most built-ins do not.</summary>
    public bool AllowUnconditionalUpdate { get; init; } = true;

    /// <summary>PUT of a missing object creates it (events, endpoints, RBAC objects).</summary>
    public bool AllowCreateOnUpdate { get; init; }

    /// <summary>DELETE answers with the deleted object instead of a Success Status (pods, services, namespaces, custom resources).</summary>
    public bool ReturnDeletedObject { get; init; }

    /// <summary>Merge keys for <c>application/strategic-merge-patch+json</c>; null when the kind does not support it (custom resources).</summary>
    public PatchSchema? StrategicMergeSchema { get; init; }

    public IResourceStrategy Strategy { get; init; } = DefaultStrategy.Instance;

    public NameRule NameRule { get; init; } = NameRule.Subdomain;

    /// <summary>
    /// Most kinds with a status subresource drop a client-sent status on create (it belongs to controllers);
    /// nodes keep it, since the kubelet registers its node with status.
    /// </summary>
    public bool KeepsStatusOnCreate { get; init; }

    /// <summary>Table columns after NAME (including AGE where the kind prints it).</summary>
    public IReadOnlyList<TableColumn> Columns { get; init; } = [];

    /// <summary>Field selector labels besides metadata.name and metadata.namespace.</summary>
    public IReadOnlyList<string> SelectableFields { get; init; } = [];

    public bool IsCustom { get; init; }

    /// <summary>The CRD is being deleted: its objects can still be read and deleted, but not created.</summary>
    public bool IsTerminating { get; init; }

    /// <summary>The CRD name (<c>plural.group</c>) a custom resource belongs to.</summary>
    public string? CustomResourceDefinitionName { get; init; }

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Storage identity shared by all versions of a resource, e.g. <c>deployments.apps</c>.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public static readonly IReadOnlyList<string> AllVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static readonly IReadOnlyList<string> StatusVerbs = ["get", "patch", "update"];
}
