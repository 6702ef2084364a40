namespace NodeLocalDns.Operator.Reconciliation.Children;

/// <summary>Labels on every object the operator creates, and the pod selector.</summary>
public static class ChildLabels
{
    /// <summary>The label selecting the node cache pods; the addon's, so existing Prometheus and NetworkPolicy selectors keep matching.</summary>
    public static IReadOnlyDictionary<string, string> Selector { get; } = new Dictionary<string, string> { ["k8s-app"] = ChildNames.NodeLocalDns };

    /// <summary>The label telling informers which objects are ours.</summary>
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    /// <summary>Its value.</summary>
    public const string ManagedByValue = "nodelocal-operator";

    /// <summary>
    /// The <c>k8s-app</c> values node caches run under: the addon manifest's, kops's and GKE's (<c>node-local-dns</c>, this
    /// operator's too) and kubespray's (<c>nodelocaldns</c>). DaemonSets with one of them are node caches that bind the
    /// node's DNS addresses, whoever runs them.
    /// </summary>
    public static IReadOnlyList<string> NodeCacheApps { get; } = [ChildNames.NodeLocalDns, "nodelocaldns"];

    /// <summary>The label selector for <see cref="NodeCacheApps"/>, as the API server reads it.</summary>
    public static string NodeCacheSelector { get; } = $"k8s-app in ({string.Join(',', NodeCacheApps)})";

    /// <summary>Whether <paramref name="labels"/> mark a node cache (<see cref="NodeCacheApps"/>).</summary>
    public static bool IsNodeCache(IDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue("k8s-app", out var app) && NodeCacheApps.Contains(app);

    /// <summary>The labels of a child object.</summary>
    public static Dictionary<string, string> For(string component) => new()
    {
        ["k8s-app"] = ChildNames.NodeLocalDns,
        ["app.kubernetes.io/name"] = ChildNames.NodeLocalDns,
        ["app.kubernetes.io/component"] = component,
        [ManagedBy] = ManagedByValue,
    };
}
