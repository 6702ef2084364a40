using NodeLocalDns.Operator.Api.V1Alpha1;

namespace NodeLocalDns.Operator.Reconciliation;

/// <summary>
/// Records Kubernetes Events on a NodeLocalDns for significant changes, so <c>kubectl describe</c> shows what the
/// operator did (<c>KubeApi/EventRecorder</c>). Best effort: recording never fails a reconcile.
/// </summary>
public interface IEventRecorder
{
    /// <summary>Records a Normal event.</summary>
    Task NormalAsync(V1Alpha1NodeLocalDns subject, string reason, string message, CancellationToken cancellationToken);

    /// <summary>Records a Warning event.</summary>
    Task WarningAsync(V1Alpha1NodeLocalDns subject, string reason, string message, CancellationToken cancellationToken);
}
