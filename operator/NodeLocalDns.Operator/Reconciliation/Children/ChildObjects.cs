using k8s.Models;

namespace NodeLocalDns.Operator.Reconciliation.Children;

/// <summary>
/// Everything the operator wants to exist for one NodeLocalDns, in the order it applies them. The ServiceAccount and
/// <c>kube-dns-upstream</c> come first and always: that Service's ClusterIP is an input of the Corefile.
/// </summary>
/// <param name="ServiceAccount">The ServiceAccount the pods run as.</param>
/// <param name="UpstreamService"><c>kube-dns-upstream</c>, the cache's way to CoreDNS.</param>
/// <param name="NodeCache">The objects that serve a Corefile; null while there is none to serve (no ClusterIPs yet
/// and nothing running, or a spec that cannot render and nothing running).</param>
public sealed record ChildObjects(
    V1ServiceAccount ServiceAccount,
    V1Service UpstreamService,
    NodeCacheObjects? NodeCache);
