using k8s.Models;

namespace NodeLocalDns.Operator.Reconciliation.Children;

/// <summary>The objects that serve one Corefile, in the order they are applied.</summary>
/// <param name="ConfigMap">The ConfigMap holding the Corefile.</param>
/// <param name="DaemonSet">The DaemonSet running it, with <paramref name="ConfigHash"/> on its pod template.</param>
/// <param name="MetricsService">The headless Service Prometheus discovers the pods through.</param>
/// <param name="ConfigHash">The Corefile's hash (<see cref="Children.ConfigHash"/>).</param>
public sealed record NodeCacheObjects(
    V1ConfigMap ConfigMap,
    V1DaemonSet DaemonSet,
    V1Service MetricsService,
    string ConfigHash);
