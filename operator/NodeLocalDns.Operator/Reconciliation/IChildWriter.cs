using k8s;
using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;

namespace NodeLocalDns.Operator.Reconciliation;

/// <summary>
/// The writes a reconcile makes: its children and the NodeLocalDns status (<c>KubeApi/ChildWriter</c> makes them
/// on the API server). Failures surface as the client's exceptions; a 409 conflict is routine (someone wrote in
/// between) and the reconcile reads again.
/// </summary>
public interface IChildWriter
{
    /// <summary>
    /// Creates an object of one of the child kinds and returns it as stored (with allocated fields such as a
    /// ClusterIP). When the name is taken (what the reconcile read was behind the server, or the object is someone
    /// else's) it returns the existing object, read directly from the server, with <c>Created</c> false.
    /// </summary>
    Task<(T Object, bool Created)> CreateAsync<T>(T desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Server-side apply of <paramref name="desired"/> under the operator's field manager: the server merges the fields
    /// the operator owns and keeps everyone else's (a webhook's toleration, VPA's requests); fields the operator applied
    /// before and no longer sets are removed.
    /// </summary>
    Task<T> ApplyAsync<T>(T desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Replaces an object whole (taking over one the operator did not create); its resourceVersion guards against lost updates.</summary>
    Task<T> ReplaceAsync<T>(T desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Sets the finalizers of <paramref name="nodeLocalDns"/> (its resourceVersion guards against removing someone
    /// else's, as kube-rs's finalizer helper does) and returns it as stored, or null once it is gone.
    /// </summary>
    Task<V1Alpha1NodeLocalDns?> SetFinalizersAsync(V1Alpha1NodeLocalDns nodeLocalDns, IReadOnlyList<string> finalizers, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the status subresource of <paramref name="nodeLocalDns"/> (its resourceVersion guards against lost
    /// updates) and returns the object as stored, with its new resourceVersion.
    /// </summary>
    Task<V1Alpha1NodeLocalDns> ReplaceStatusAsync(V1Alpha1NodeLocalDns nodeLocalDns, CancellationToken cancellationToken);
}
