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

    /// <summary>The labels of a child object.</summary>
    public static Dictionary<string, string> For(string component) => new()
    {
        ["k8s-app"] = ChildNames.NodeLocalDns,
        ["app.kubernetes.io/name"] = ChildNames.NodeLocalDns,
        ["app.kubernetes.io/component"] = component,
        [ManagedBy] = ManagedByValue,
    };
}
