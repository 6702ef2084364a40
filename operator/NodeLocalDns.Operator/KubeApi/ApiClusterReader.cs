using k8s;
using k8s.Models;
using NodeLocalDns.Controllers.Resilience;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Reconciliation;
using NodeLocalDns.Operator.Reconciliation.Children;

namespace NodeLocalDns.Operator.KubeApi;

/// <summary>Reads objects with direct GETs: always current, one request per read. Used where no informer covers an object, and in tests.</summary>
public sealed class ApiClusterReader(IKubernetes client) : IClusterReader
{
    /// <inheritdoc />
    public async ValueTask<V1Alpha1NodeLocalDns?> NodeLocalDnsAsync(string name, CancellationToken cancellationToken) =>
        await OrNull(() => client.CustomObjects.GetClusterCustomObjectAsync<V1Alpha1NodeLocalDns>(
            V1Alpha1NodeLocalDns.ApiGroup, V1Alpha1NodeLocalDns.Version, V1Alpha1NodeLocalDns.Plural, name, cancellationToken)).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<V1ConfigMap?> ConfigMapAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        await OrNull(() => client.CoreV1.ReadNamespacedConfigMapAsync(name, @namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<V1Service?> ServiceAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        await OrNull(() => client.CoreV1.ReadNamespacedServiceAsync(name, @namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<V1ServiceAccount?> ServiceAccountAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        await OrNull(() => client.CoreV1.ReadNamespacedServiceAccountAsync(name, @namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<V1DaemonSet?> DaemonSetAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        await OrNull(() => client.AppsV1.ReadNamespacedDaemonSetAsync(name, @namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<V1DaemonSet>> NodeCacheDaemonSetsAsync(string @namespace, CancellationToken cancellationToken) =>
        [.. (await client.AppsV1.ListNamespacedDaemonSetAsync(
            @namespace, labelSelector: ChildLabels.NodeCacheSelector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items];

    /// <inheritdoc />
    public async ValueTask<V1Deployment?> DeploymentAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        await OrNull(() => client.AppsV1.ReadNamespacedDeploymentAsync(name, @namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<V1Deployment>> DeploymentsAsync(string @namespace, CancellationToken cancellationToken) =>
        [.. (await client.AppsV1.ListNamespacedDeploymentAsync(@namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Items];

    private static async Task<T?> OrNull<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            return null;
        }
    }
}
