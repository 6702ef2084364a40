using k8s;
using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;

namespace NodeLocalDns.Operator.Reconciliation;

/// <summary>
/// The writes a reconcile makes: its children and the NodeLocalDns status (<c>KubeApi/ChildWriter</c> makes them
/// on the API server). Failures other than a taken name surface as the client's exceptions.
/// </summary>
public interface IChildWriter
{
    /// <summary>
    /// Creates an object of one of the child kinds and returns it as stored (with allocated fields such as a
    /// ClusterIP), or null when the name is already taken (what the reconcile read was behind the server).
    /// </summary>
    Task<T?> CreateAsync<T>(T desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Replaces an object (optimistic concurrency through its resourceVersion; a 409 means re-read and retry).</summary>
    Task<T> ReplaceAsync<T>(T desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Writes the status subresource of <paramref name="nodeLocalDns"/> (its resourceVersion guards against lost updates).</summary>
    Task ReplaceStatusAsync(V1Alpha1NodeLocalDns nodeLocalDns, CancellationToken cancellationToken);
}
