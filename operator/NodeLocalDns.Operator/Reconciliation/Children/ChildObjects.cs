using k8s.Models;

namespace NodeLocalDns.Operator.Reconciliation.Children;

/// <summary>Everything the operator wants to exist for one NodeLocalDns, in the order it applies them.</summary>
public sealed record ChildObjects(
    V1ServiceAccount ServiceAccount,
    V1Service UpstreamService,
    V1ConfigMap ConfigMap,
    V1DaemonSet DaemonSet,
    V1Service MetricsService);
