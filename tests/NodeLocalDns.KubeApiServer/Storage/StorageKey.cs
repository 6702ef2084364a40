namespace NodeLocalDns.KubeApiServer.Storage;

/// <summary>
/// Identity of a stored object: all versions of a resource share one storage (as in etcd, keyed by group-resource
/// such as <c>deployments.apps</c>); the namespace is empty for cluster-scoped objects.
/// </summary>
internal readonly record struct StorageKey(string GroupResource, string Namespace, string Name) : IComparable<StorageKey>
{
    /// <summary>Lists are ordered by namespace then name, as etcd returns keys in lexical order.</summary>
    public int CompareTo(StorageKey other)
    {
        var byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Name, other.Name);
    }
}
