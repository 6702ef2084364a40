namespace NodeLocalDns.Controllers.Reconcile;

/// <summary>
/// Drives the world towards the desired state for one key.
/// <para><b>Flow:</b> the controller calls <see cref="ReconcileAsync"/> with a key taken from the work queue;
/// the reconciler reads current state (from informer stores), computes the desired state, applies the
/// difference, and writes status.</para>
/// <para><b>Guarantees:</b> one reconcile per key at a time; a key changed during its reconcile runs
/// again afterwards; keys are de-duplicated while queued.</para>
/// <para><b>Assumptions:</b> reconciles are level-triggered and idempotent: running one twice, or after a
/// missed event, converges to the same state, and an unchanged world produces no writes.</para>
/// <para><b>Errors:</b> an exception requeues the key with per-key exponential backoff;
/// <see cref="TerminalReconcileException"/> is logged and not retried.</para>
/// </summary>
public interface IReconciler
{
    /// <summary>Reconciles the object named by <paramref name="key"/>; it may no longer exist.</summary>
    /// <param name="key">What to reconcile; read its current state from the stores, never from the event that queued it.</param>
    /// <param name="cancellationToken">Cancelled when the controller stops (shutdown, or lost leadership): stop
    /// writing and return; the cancellation is not counted as a failure.</param>
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}
