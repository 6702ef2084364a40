namespace NodeLocalDns.Operator.Tests.Support.Manifests;

/// <summary>
/// What the operator does against the API, kept by hand from the code that does it. When one of these files gains an
/// API call, add it here and to charts/nodelocal-operator/templates/clusterrole.yaml or role.yaml (a test against a
/// running operator also catches calls missing here):
/// <list type="bullet">
/// <item>operator/NodeLocalDns.Operator/KubeApi/ChildWriter.cs: create/replace of ConfigMaps, Services, ServiceAccounts,
/// DaemonSets; replace of nodelocaldnses/status.</item>
/// <item>operator/NodeLocalDns.Operator/KubeApi/ApiClusterReader.cs: get of NodeLocalDns, ConfigMaps, Services,
/// ServiceAccounts, DaemonSets (objects outside the watched namespaces).</item>
/// <item>operator/NodeLocalDns.Operator/KubeApi/ApiClusterReader.cs: get and list of Deployments (CoreDNS's, for the release
/// the cluster runs; read-only).</item>
/// <item>operator/NodeLocalDns.Operator/KubeApi/EventRecorder.cs: create of core/v1 Events.</item>
/// <item>operator/NodeLocalDns.Controllers/Informers/ListWatchers.cs and operator/NodeLocalDns.Operator/Hosting/NodeLocalDnsOperator.cs: the informers' list
/// and watch of NodeLocalDns, ConfigMaps, Services, ServiceAccounts, DaemonSets.</item>
/// <item>operator/NodeLocalDns.Controllers/LeaderElection/LeaderElectionService.cs (KubernetesClient's LeaseLock): get, create,
/// update of the Lease, in the Role of the release namespace.</item>
/// </list>
/// </summary>
internal static class OperatorPermissions
{
    /// <summary>Granted cluster-wide by the ClusterRole.</summary>
    public static IReadOnlyList<ApiPermission> ClusterWide { get; } =
    [
        .. Verbs("dns.nodelocal.io", "nodelocaldnses", "get", "list", "watch"),
        .. Verbs("dns.nodelocal.io", "nodelocaldnses/status", "get", "update", "patch"),
        // blockOwnerDeletion on the children's owner references, under OwnerReferencesPermissionEnforcement.
        .. Verbs("dns.nodelocal.io", "nodelocaldnses/finalizers", "update"),
        .. Verbs(string.Empty, "configmaps", "get", "list", "watch", "create", "update", "patch", "delete"),
        .. Verbs(string.Empty, "services", "get", "list", "watch", "create", "update", "patch", "delete"),
        .. Verbs(string.Empty, "serviceaccounts", "get", "list", "watch", "create", "update", "patch", "delete"),
        .. Verbs("apps", "daemonsets", "get", "list", "watch", "create", "update", "patch", "delete"),
        .. Verbs("apps", "deployments", "get", "list"),
        .. Verbs(string.Empty, "events", "create", "patch"),
        .. Verbs("apiextensions.k8s.io", "customresourcedefinitions", "get", "list", "watch"),
    ];

    /// <summary>Granted by the leader-election Role, in the release namespace, on the Lease.</summary>
    public static IReadOnlyList<ApiPermission> LeaderElection { get; } = Verbs("coordination.k8s.io", "leases", "get", "create", "update");

    /// <summary>Granted only with rbac.nodes=true.</summary>
    public static IReadOnlyList<ApiPermission> Nodes { get; } = Verbs(string.Empty, "nodes", "list", "watch");

    private static ApiPermission[] Verbs(string group, string resource, params string[] verbs) =>
        [.. verbs.Select(verb => new ApiPermission(group, resource, verb))];
}
