namespace NodeLocalDns.Controllers.Reconcile;

/// <summary>
/// How a successful reconcile wants to be called again. Errors are not results: a reconcile that fails
/// throws, and the controller retries the key with per-key exponential backoff.
/// </summary>
public readonly record struct ReconcileResult(TimeSpan? RequeueAfter)
{
    /// <summary>Done until something changes (or the periodic resync).</summary>
    public static ReconcileResult Done { get; } = new(null);

    /// <summary>Call again after <paramref name="delay"/> even if nothing changes (polling an external condition).</summary>
    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
