namespace NodeLocalDns.Operator.Reconciliation;

/// <summary>Where a NodeLocalDns stands with respect to its deletion (<c>Api.V1Alpha1.DeletionProtection</c>).</summary>
public enum DeletionState
{
    /// <summary>Not being deleted: reconcile.</summary>
    None,

    /// <summary>Being deleted, and the deletion would stop DNS for every pod: keep the node cache running and say what to do.</summary>
    Blocked,

    /// <summary>Being deleted and free to go: nothing more to do (garbage collection removes the children).</summary>
    Released,
}
