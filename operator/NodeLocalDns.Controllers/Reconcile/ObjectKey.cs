namespace NodeLocalDns.Controllers.Reconcile;

/// <summary>
/// What the work queue holds and a reconcile is asked about: an object's namespace (null for
/// cluster-scoped kinds) and name. Deliberately nothing else: a reconcile reads the current state itself
/// and never acts on what an event said (controller-runtime's reconcile.Request contract).
/// </summary>
public readonly record struct ObjectKey(string? Namespace, string Name)
{
    /// <summary>A cluster-scoped object's key.</summary>
    public static ObjectKey Cluster(string name) => new(null, name);

    /// <inheritdoc />
    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
