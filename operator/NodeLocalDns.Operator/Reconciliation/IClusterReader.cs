using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;

namespace NodeLocalDns.Operator.Reconciliation;

/// <summary>
/// Reads the objects a reconcile needs. Backed by informer stores in the running operator (cheap, and
/// possibly a moment behind the API server: <c>Hosting/InformerClusterReader</c>), or by direct GETs
/// (<c>KubeApi/ApiClusterReader</c>). Absent objects are null, never errors.
/// </summary>
public interface IClusterReader
{
    /// <summary>The NodeLocalDns named <paramref name="name"/>.</summary>
    ValueTask<V1Alpha1NodeLocalDns?> NodeLocalDnsAsync(string name, CancellationToken cancellationToken);

    /// <summary>A ConfigMap.</summary>
    ValueTask<V1ConfigMap?> ConfigMapAsync(string @namespace, string name, CancellationToken cancellationToken);

    /// <summary>A Service.</summary>
    ValueTask<V1Service?> ServiceAsync(string @namespace, string name, CancellationToken cancellationToken);

    /// <summary>A ServiceAccount.</summary>
    ValueTask<V1ServiceAccount?> ServiceAccountAsync(string @namespace, string name, CancellationToken cancellationToken);

    /// <summary>A DaemonSet.</summary>
    ValueTask<V1DaemonSet?> DaemonSetAsync(string @namespace, string name, CancellationToken cancellationToken);

    /// <summary>The node-cache DaemonSets in <paramref name="namespace"/>, whoever runs them (<c>ChildLabels.NodeCacheSelector</c>).</summary>
    ValueTask<IReadOnlyList<V1DaemonSet>> NodeCacheDaemonSetsAsync(string @namespace, CancellationToken cancellationToken);

    /// <summary>A Deployment (CoreDNS's, for the release it runs); no informer watches Deployments, so this is a direct read.</summary>
    ValueTask<V1Deployment?> DeploymentAsync(string @namespace, string name, CancellationToken cancellationToken);

    /// <summary>The Deployments of a namespace (to find the one behind the kube-dns Service when it is not named coredns).</summary>
    ValueTask<IReadOnlyList<V1Deployment>> DeploymentsAsync(string @namespace, CancellationToken cancellationToken);
}
