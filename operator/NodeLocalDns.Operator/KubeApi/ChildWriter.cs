using k8s;
using k8s.Models;
using NodeLocalDns.Controllers.Resilience;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Reconciliation;
using Polly;

namespace NodeLocalDns.Operator.KubeApi;

/// <summary>
/// Creates and replaces the operator's child objects and the NodeLocalDns status on the API server: the only
/// writer there (the reconciler's <see cref="IChildWriter"/>). Transient failures (429, 5xx, timeouts, dropped connections) are retried with backoff and
/// jitter; a conflict is not retried here, because only a fresh read can resolve it (the reconcile is
/// requeued and reads again).
/// </summary>
public sealed class ChildWriter(IKubernetes client, ResiliencePipeline? retry = null) : IChildWriter
{
    private readonly ResiliencePipeline _retry = retry ?? ApiResilience.CreatePipeline();

    /// <inheritdoc />
    public async Task<T?> CreateAsync<T>(T desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(desired);
        var ns = desired.Metadata.NamespaceProperty;
        try
        {
            object created = await _retry.ExecuteAsync(async ct => desired switch
            {
                V1ConfigMap c => (object)await client.CoreV1.CreateNamespacedConfigMapAsync(c, ns, cancellationToken: ct).ConfigureAwait(false),
                V1Service s => await client.CoreV1.CreateNamespacedServiceAsync(s, ns, cancellationToken: ct).ConfigureAwait(false),
                V1ServiceAccount a => await client.CoreV1.CreateNamespacedServiceAccountAsync(a, ns, cancellationToken: ct).ConfigureAwait(false),
                V1DaemonSet d => await client.AppsV1.CreateNamespacedDaemonSetAsync(d, ns, cancellationToken: ct).ConfigureAwait(false),
                _ => throw new NotSupportedException($"{typeof(T).Name} is not a child kind."),
            }, cancellationToken).ConfigureAwait(false);
            return (T)created;
        }
        catch (Exception e) when (ApiErrors.IsAlreadyExists(e))
        {
            // Also what a retried create sees when the first attempt succeeded but its answer was lost.
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<T> ReplaceAsync<T>(T desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(desired);
        var ns = desired.Metadata.NamespaceProperty;
        var name = desired.Metadata.Name;
        object replaced = await _retry.ExecuteAsync(async ct => desired switch
        {
            V1ConfigMap c => (object)await client.CoreV1.ReplaceNamespacedConfigMapAsync(c, name, ns, cancellationToken: ct).ConfigureAwait(false),
            V1Service s => await client.CoreV1.ReplaceNamespacedServiceAsync(s, name, ns, cancellationToken: ct).ConfigureAwait(false),
            V1ServiceAccount a => await client.CoreV1.ReplaceNamespacedServiceAccountAsync(a, name, ns, cancellationToken: ct).ConfigureAwait(false),
            V1DaemonSet d => await client.AppsV1.ReplaceNamespacedDaemonSetAsync(d, name, ns, cancellationToken: ct).ConfigureAwait(false),
            _ => throw new NotSupportedException($"{typeof(T).Name} is not a child kind."),
        }, cancellationToken).ConfigureAwait(false);
        return (T)replaced;
    }

    /// <inheritdoc />
    public async Task ReplaceStatusAsync(V1Alpha1NodeLocalDns nodeLocalDns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeLocalDns);
        await _retry.ExecuteAsync(
            async ct => await client.CustomObjects.ReplaceClusterCustomObjectStatusAsync(
                nodeLocalDns, V1Alpha1NodeLocalDns.ApiGroup, V1Alpha1NodeLocalDns.Version, V1Alpha1NodeLocalDns.Plural, nodeLocalDns.Metadata.Name,
                cancellationToken: ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }
}
