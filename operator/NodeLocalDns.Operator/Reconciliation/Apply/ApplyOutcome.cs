namespace NodeLocalDns.Operator.Reconciliation.Apply;

/// <summary>What applying a child did; the values complete the sentence "ConfigMap kube-system/node-local-dns was …".</summary>
public enum ApplyOutcome
{
    /// <summary>It already matched: nothing was written.</summary>
    Unchanged,

    /// <summary>It did not exist and was created.</summary>
    Created,

    /// <summary>It differed and was applied.</summary>
    Updated,

    /// <summary>It existed without being this NodeLocalDns's, and <c>spec.adoptExistingObjects</c> took it over.</summary>
    Adopted,

    /// <summary>It is not this NodeLocalDns's (another NodeLocalDns's, or an install the operator did not make); it was left alone.</summary>
    Foreign,
}
