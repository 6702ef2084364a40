namespace NodeLocalDns.Operator.Reconciliation.Apply;

/// <summary>What applying a child did; the values complete the sentence "ConfigMap kube-system/node-local-dns was …".</summary>
public enum ApplyOutcome
{
    /// <summary>It already matched: nothing was written.</summary>
    Unchanged,

    /// <summary>It did not exist and was created.</summary>
    Created,

    /// <summary>It differed and was replaced.</summary>
    Updated,

    /// <summary>Another controller owns it; it was left alone.</summary>
    OwnedByAnother,
}
