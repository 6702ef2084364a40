using k8s.Models;
using NodeLocalDns.Controllers.Informers;
using NodeLocalDns.Controllers.Reconcile;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Reconciliation;
using NodeLocalDns.Operator.Reconciliation.Children;

namespace NodeLocalDns.Operator.Hosting;

/// <summary>
/// Reads from informer stores for the watched namespaces (no request per read), and falls back to a
/// direct GET for objects anywhere else, so a spec may point at any namespace.
/// </summary>
internal sealed class InformerClusterReader(
    Store<V1Alpha1NodeLocalDns> nodeLocalDnses,
    IReadOnlyDictionary<string, NamespaceStores> namespaces,
    IClusterReader fallback) : IClusterReader
{
    /// <inheritdoc />
    public ValueTask<V1Alpha1NodeLocalDns?> NodeLocalDnsAsync(string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(nodeLocalDnses.Get(ObjectKey.Cluster(name)));

    /// <inheritdoc />
    public ValueTask<V1ConfigMap?> ConfigMapAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        namespaces.TryGetValue(@namespace, out var stores)
            ? ValueTask.FromResult(stores.ConfigMaps.Get(new ObjectKey(@namespace, name)))
            : fallback.ConfigMapAsync(@namespace, name, cancellationToken);

    /// <inheritdoc />
    public ValueTask<V1Service?> ServiceAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        namespaces.TryGetValue(@namespace, out var stores)
            ? ValueTask.FromResult(stores.Services.Get(new ObjectKey(@namespace, name)))
            : fallback.ServiceAsync(@namespace, name, cancellationToken);

    /// <inheritdoc />
    public ValueTask<V1ServiceAccount?> ServiceAccountAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        namespaces.TryGetValue(@namespace, out var stores)
            ? ValueTask.FromResult(stores.ServiceAccounts.Get(new ObjectKey(@namespace, name)))
            : fallback.ServiceAccountAsync(@namespace, name, cancellationToken);

    /// <inheritdoc />
    public ValueTask<V1DaemonSet?> DaemonSetAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        namespaces.TryGetValue(@namespace, out var stores)
            ? ValueTask.FromResult(stores.DaemonSets.Get(new ObjectKey(@namespace, name)))
            : fallback.DaemonSetAsync(@namespace, name, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<V1DaemonSet>> NodeCacheDaemonSetsAsync(string @namespace, CancellationToken cancellationToken) =>
        namespaces.TryGetValue(@namespace, out var stores)
            ? ValueTask.FromResult(stores.DaemonSets.List(d => d.Metadata.NamespaceProperty == @namespace && ChildLabels.IsNodeCache(d.Metadata.Labels)))
            : fallback.NodeCacheDaemonSetsAsync(@namespace, cancellationToken);

    /// <inheritdoc />
    public ValueTask<V1Deployment?> DeploymentAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        fallback.DeploymentAsync(@namespace, name, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<V1Deployment>> DeploymentsAsync(string @namespace, CancellationToken cancellationToken) =>
        fallback.DeploymentsAsync(@namespace, cancellationToken);
}
