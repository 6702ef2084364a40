using System.Reflection;
using k8s;
using k8s.Models;

namespace NodeLocalDns.Controllers.Informers;

/// <summary>
/// The <see cref="IListWatcher{T}"/> of any kind, built-in or custom, namespaced or cluster-scoped: one generic path
/// over the official client, typed objects out. A null namespace means every namespace (or a cluster-scoped kind);
/// selectors use the API server's syntax (<c>app=dns,tier!=web</c>, <c>metadata.name=coredns</c>) and are applied
/// server-side to both list and watch. Lists come in pages of <see cref="DefaultPageSize"/>; watches ask for bookmarks.
/// </summary>
/// <example><code>
/// ListWatchers.For&lt;V1ConfigMap&gt;(client, "kube-system", fieldSelector: "metadata.name=coredns");
/// ListWatchers.For&lt;V1DaemonSet&gt;(client, namespaceName: null, labelSelector: "app.kubernetes.io/managed-by=me");
/// ListWatchers.For&lt;V1Alpha1NodeLocalDns&gt;(client);
/// </code></example>
public static class ListWatchers
{
    /// <summary>Objects per list page (kube-rs and client-go use 500).</summary>
    public const int DefaultPageSize = 500;

    /// <summary>
    /// Objects of <typeparamref name="T"/>, whose <see cref="KubernetesEntityAttribute"/> names its group, version and
    /// plural (every generated model has one; a custom resource type declares its own).
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> has no <see cref="KubernetesEntityAttribute"/>.</exception>
    public static IListWatcher<T> For<T>(IKubernetes client, string? namespaceName = null, string? labelSelector = null, string? fieldSelector = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{typeof(T).Name} has no [KubernetesEntity] attribute; pass group, version and plural.", nameof(T));
        return For<T>(client, entity.Group, entity.ApiVersion, entity.PluralName, namespaceName, labelSelector, fieldSelector);
    }

    /// <summary>Objects <c>{plural}.{group}</c> at <paramref name="version"/> (an empty group is the core group), as <typeparamref name="T"/>.</summary>
    public static IListWatcher<T> For<T>(IKubernetes client, string group, string version, string plural, string? namespaceName = null,
        string? labelSelector = null, string? fieldSelector = null)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        new KubernetesListWatcher<T>(client, group, version, plural, namespaceName, labelSelector, fieldSelector, DefaultPageSize);
}
