namespace NodeLocalDns.Controllers.Reconcile;

/// <summary>
/// A failure retrying cannot fix (an invalid spec, say): the controller logs it and does not requeue the
/// key; the reconciler is expected to have reported it in the object's status first.
/// </summary>
public sealed class TerminalReconcileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TerminalReconcileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public TerminalReconcileException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
