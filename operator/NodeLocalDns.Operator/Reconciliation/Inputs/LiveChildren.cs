using k8s.Models;
using NodeLocalDns.Operator.Reconciliation.Children;

namespace NodeLocalDns.Operator.Reconciliation.Inputs;

/// <summary>A NodeLocalDns's children as they exist when the reconcile starts; null for those that do not.</summary>
/// <param name="ServiceAccount">The ServiceAccount the pods run as.</param>
/// <param name="UpstreamService"><c>kube-dns-upstream</c>.</param>
/// <param name="ConfigMap">The ConfigMap with the Corefile in use.</param>
/// <param name="DaemonSet">The DaemonSet.</param>
/// <param name="MetricsService">The headless metrics Service.</param>
public sealed record LiveChildren(
    V1ServiceAccount? ServiceAccount,
    V1Service? UpstreamService,
    V1ConfigMap? ConfigMap,
    V1DaemonSet? DaemonSet,
    V1Service? MetricsService)
{
    /// <summary>The Corefile the node cache runs now, or null.</summary>
    public string? Corefile => ConfigMap?.Data is { } data && data.TryGetValue(ChildNames.CorefileKey, out var corefile) ? corefile : null;
}
