namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// A ConfigMap as the reader needs it: its name, namespace and data keys. Decoupled from the Kubernetes client's types so
/// reading stays pure.
/// </summary>
public sealed record ConfigMapData(string Namespace, string Name, IReadOnlyDictionary<string, string> Data)
{
    /// <summary><c>namespace/name</c>.</summary>
    public string Id => $"{Namespace}/{Name}";
}
