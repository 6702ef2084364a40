using k8s;
using k8s.Models;
using NodeLocalDns.Controllers.Informers;
using NodeLocalDns.Controllers.Reconcile;

namespace NodeLocalDns.Controllers.Handlers;

/// <summary>
/// Ready-made mappers from a watched object to the primary keys to reconcile, for
/// <see cref="Controller.Watch{T}"/> (controller-runtime's <c>handler</c> package, kube-rs's <c>trigger_*</c>).
/// </summary>
public static class EventMappers
{
    /// <summary>The object's own key: for the primary kind.</summary>
    public static Func<T, IEnumerable<ObjectKey>> Self<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        obj => [Store<T>.KeyOf(obj)];

    /// <summary>
    /// The key of the object's controller: the ownerReference with <c>controller: true</c> whose kind is
    /// <paramref name="ownerKind"/> and whose apiVersion is in <paramref name="ownerGroup"/> (any version, as
    /// controller-runtime compares group and kind). Objects without such an owner map to nothing.
    /// </summary>
    /// <param name="ownerGroup">The owner's API group, e.g. <c>dns.nodelocal.io</c>; empty for the core group.</param>
    /// <param name="ownerKind">The owner's kind, e.g. <c>NodeLocalDns</c>.</param>
    /// <param name="ownerIsNamespaced">False for a cluster-scoped owner (its key has a null namespace); true for an
    /// owner in the object's own namespace (ownerReferences cannot cross namespaces).</param>
    public static Func<T, IEnumerable<ObjectKey>> ToControllerOwner<T>(string ownerGroup, string ownerKind, bool ownerIsNamespaced)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(ownerGroup);
        ArgumentException.ThrowIfNullOrEmpty(ownerKind);
        return obj =>
        {
            var owner = obj.Metadata?.OwnerReferences?.FirstOrDefault(reference =>
                reference.Controller == true
                && reference.Kind == ownerKind
                && GroupOf(reference.ApiVersion) == ownerGroup);
            if (owner is null)
            {
                return [];
            }

            var ns = ownerIsNamespaced ? obj.Metadata!.NamespaceProperty : null;
            return [new ObjectKey(string.IsNullOrEmpty(ns) ? null : ns, owner.Name)];
        };
    }

    /// <summary>
    /// Every key in <paramref name="primaries"/>, whatever the event: for an input every primary object depends on
    /// (the CoreDNS ConfigMap fans out to every NodeLocalDns).
    /// </summary>
    public static Func<T, IEnumerable<ObjectKey>> ToAll<T, TPrimary>(Store<TPrimary> primaries)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TPrimary : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(primaries);
        return _ => primaries.Keys();
    }

    private static string GroupOf(string? apiVersion)
    {
        if (string.IsNullOrEmpty(apiVersion))
        {
            return string.Empty;
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? string.Empty : apiVersion[..slash];
    }
}
