namespace NodeLocalDns.Operator.Reconciliation.Inputs;

/// <summary>An object in the node cache's place that this NodeLocalDns did not create.</summary>
/// <param name="Kind">ServiceAccount, Service, ConfigMap or DaemonSet.</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Name">Its name.</param>
/// <param name="ManagedBy">What manages it, in words (the addon manager, Helm release X, NodeLocalDns Y, ...), or null when nothing says.</param>
/// <param name="OwningNodeLocalDns">The NodeLocalDns that controls it, when another one does.</param>
/// <param name="Adoptable">Whether <c>spec.adoptExistingObjects</c> may take it over: nothing controls it, no manager would revert the
/// operator's changes, and it has a child's name.</param>
public sealed record ForeignObject(string Kind, string Namespace, string Name, string? ManagedBy, string? OwningNodeLocalDns, bool Adoptable)
{
    /// <summary>For messages: <c>DaemonSet kube-system/node-local-dns (the addon manager, mode Reconcile)</c>.</summary>
    public override string ToString() => $"{Kind} {Namespace}/{Name}{(ManagedBy is null ? string.Empty : $" ({ManagedBy})")}";
}
