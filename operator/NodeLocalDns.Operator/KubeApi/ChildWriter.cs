using k8s;
using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;

namespace NodeLocalDns.Operator.KubeApi;

/// <summary>Creates and replaces the operator's child objects and the NodeLocalDns status. The only writer to the API server.</summary>
public sealed class ChildWriter(IKubernetes client)
{
    /// <summary>Creates an object of one of the child kinds and returns it as stored (with allocated fields such as a ClusterIP).</summary>
    public async Task<T> CreateAsync<T>(T desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(desired);
        var ns = desired.Metadata.NamespaceProperty;
        object created = desired switch
        {
            V1ConfigMap c => await client.CoreV1.CreateNamespacedConfigMapAsync(c, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1Service s => await client.CoreV1.CreateNamespacedServiceAsync(s, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1ServiceAccount a => await client.CoreV1.CreateNamespacedServiceAccountAsync(a, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1DaemonSet d => await client.AppsV1.CreateNamespacedDaemonSetAsync(d, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            _ => throw new NotSupportedException($"{typeof(T).Name} is not a child kind."),
        };
        return (T)created;
    }

    /// <summary>Replaces an object (optimistic concurrency through its resourceVersion; a 409 means re-read and retry).</summary>
    public async Task<T> ReplaceAsync<T>(T desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(desired);
        var ns = desired.Metadata.NamespaceProperty;
        var name = desired.Metadata.Name;
        object replaced = desired switch
        {
            V1ConfigMap c => await client.CoreV1.ReplaceNamespacedConfigMapAsync(c, name, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1Service s => await client.CoreV1.ReplaceNamespacedServiceAsync(s, name, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1ServiceAccount a => await client.CoreV1.ReplaceNamespacedServiceAccountAsync(a, name, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1DaemonSet d => await client.AppsV1.ReplaceNamespacedDaemonSetAsync(d, name, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            _ => throw new NotSupportedException($"{typeof(T).Name} is not a child kind."),
        };
        return (T)replaced;
    }

    /// <summary>Writes the status subresource of <paramref name="nodeLocalDns"/> (its resourceVersion guards against lost updates).</summary>
    public async Task ReplaceStatusAsync(V1Alpha1NodeLocalDns nodeLocalDns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeLocalDns);
        await client.CustomObjects.ReplaceClusterCustomObjectStatusAsync(
            nodeLocalDns, V1Alpha1NodeLocalDns.ApiGroup, V1Alpha1NodeLocalDns.Version, V1Alpha1NodeLocalDns.Plural, nodeLocalDns.Metadata.Name,
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
