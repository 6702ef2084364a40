namespace NodeLocalDns.Operator.Reconciliation;

/// <summary>
/// A write lost a race (HTTP 409 Conflict): the object changed since it was read. Routine for a controller: the
/// reconcile reads fresh state and tries again; it is not a failure to report.
/// </summary>
public sealed class WriteConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WriteConflictException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WriteConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception for the client's <paramref name="innerException"/>.</summary>
    public WriteConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
