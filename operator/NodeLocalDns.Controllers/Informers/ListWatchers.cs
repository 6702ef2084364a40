using System.Reflection;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace NodeLocalDns.Controllers.Informers;

/// <summary>
/// Ready-made <see cref="IListWatcher{T}"/>s over the official client: the namespaced built-in kinds the operator
/// watches, and custom resources. A null namespace means all namespaces; selectors use the API server's syntax
/// (<c>app=dns,tier!=web</c>, <c>metadata.name=coredns</c>) and are applied server-side to both list and watch.
/// </summary>
public static class ListWatchers
{
    /// <summary>Objects per list page (kube-rs and client-go use 500).</summary>
    public const int DefaultPageSize = 500;

    /// <summary>ConfigMaps in <paramref name="namespaceName"/> (null: all namespaces).</summary>
    public static IListWatcher<V1ConfigMap> ConfigMaps(IKubernetes client, string? namespaceName, string? labelSelector = null, string? fieldSelector = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var core = client.CoreV1;
        return namespaceName is null
            ? new KubernetesListWatcher<V1ConfigMap, V1ConfigMapList>(
                Describe("configmaps", namespaceName, labelSelector, fieldSelector),
                DefaultPageSize,
                (next, limit, ct) => core.ListConfigMapForAllNamespacesWithHttpMessagesAsync(continueParameter: next, limit: limit, labelSelector: labelSelector, fieldSelector: fieldSelector, cancellationToken: ct),
                (version, timeout, onError, ct) => core.WatchListConfigMapForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: timeout, labelSelector: labelSelector, fieldSelector: fieldSelector, onError: onError, cancellationToken: ct))
            : new KubernetesListWatcher<V1ConfigMap, V1ConfigMapList>(
                Describe("configmaps", namespaceName, labelSelector, fieldSelector),
                DefaultPageSize,
                (next, limit, ct) => core.ListNamespacedConfigMapWithHttpMessagesAsync(namespaceName, continueParameter: next, limit: limit, labelSelector: labelSelector, fieldSelector: fieldSelector, cancellationToken: ct),
                (version, timeout, onError, ct) => core.WatchListNamespacedConfigMapAsync(namespaceName, allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: timeout, labelSelector: labelSelector, fieldSelector: fieldSelector, onError: onError, cancellationToken: ct));
    }

    /// <summary>Services in <paramref name="namespaceName"/> (null: all namespaces).</summary>
    public static IListWatcher<V1Service> Services(IKubernetes client, string? namespaceName, string? labelSelector = null, string? fieldSelector = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var core = client.CoreV1;
        return namespaceName is null
            ? new KubernetesListWatcher<V1Service, V1ServiceList>(
                Describe("services", namespaceName, labelSelector, fieldSelector),
                DefaultPageSize,
                (next, limit, ct) => core.ListServiceForAllNamespacesWithHttpMessagesAsync(continueParameter: next, limit: limit, labelSelector: labelSelector, fieldSelector: fieldSelector, cancellationToken: ct),
                (version, timeout, onError, ct) => core.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: timeout, labelSelector: labelSelector, fieldSelector: fieldSelector, onError: onError, cancellationToken: ct))
            : new KubernetesListWatcher<V1Service, V1ServiceList>(
                Describe("services", namespaceName, labelSelector, fieldSelector),
                DefaultPageSize,
                (next, limit, ct) => core.ListNamespacedServiceWithHttpMessagesAsync(namespaceName, continueParameter: next, limit: limit, labelSelector: labelSelector, fieldSelector: fieldSelector, cancellationToken: ct),
                (version, timeout, onError, ct) => core.WatchListNamespacedServiceAsync(namespaceName, allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: timeout, labelSelector: labelSelector, fieldSelector: fieldSelector, onError: onError, cancellationToken: ct));
    }

    /// <summary>ServiceAccounts in <paramref name="namespaceName"/> (null: all namespaces).</summary>
    public static IListWatcher<V1ServiceAccount> ServiceAccounts(IKubernetes client, string? namespaceName, string? labelSelector = null, string? fieldSelector = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var core = client.CoreV1;
        return namespaceName is null
            ? new KubernetesListWatcher<V1ServiceAccount, V1ServiceAccountList>(
                Describe("serviceaccounts", namespaceName, labelSelector, fieldSelector),
                DefaultPageSize,
                (next, limit, ct) => core.ListServiceAccountForAllNamespacesWithHttpMessagesAsync(continueParameter: next, limit: limit, labelSelector: labelSelector, fieldSelector: fieldSelector, cancellationToken: ct),
                (version, timeout, onError, ct) => core.WatchListServiceAccountForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: timeout, labelSelector: labelSelector, fieldSelector: fieldSelector, onError: onError, cancellationToken: ct))
            : new KubernetesListWatcher<V1ServiceAccount, V1ServiceAccountList>(
                Describe("serviceaccounts", namespaceName, labelSelector, fieldSelector),
                DefaultPageSize,
                (next, limit, ct) => core.ListNamespacedServiceAccountWithHttpMessagesAsync(namespaceName, continueParameter: next, limit: limit, labelSelector: labelSelector, fieldSelector: fieldSelector, cancellationToken: ct),
                (version, timeout, onError, ct) => core.WatchListNamespacedServiceAccountAsync(namespaceName, allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: timeout, labelSelector: labelSelector, fieldSelector: fieldSelector, onError: onError, cancellationToken: ct));
    }

    /// <summary>DaemonSets in <paramref name="namespaceName"/> (null: all namespaces).</summary>
    public static IListWatcher<V1DaemonSet> DaemonSets(IKubernetes client, string? namespaceName, string? labelSelector = null, string? fieldSelector = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var apps = client.AppsV1;
        return namespaceName is null
            ? new KubernetesListWatcher<V1DaemonSet, V1DaemonSetList>(
                Describe("daemonsets", namespaceName, labelSelector, fieldSelector),
                DefaultPageSize,
                (next, limit, ct) => apps.ListDaemonSetForAllNamespacesWithHttpMessagesAsync(continueParameter: next, limit: limit, labelSelector: labelSelector, fieldSelector: fieldSelector, cancellationToken: ct),
                (version, timeout, onError, ct) => apps.WatchListDaemonSetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: timeout, labelSelector: labelSelector, fieldSelector: fieldSelector, onError: onError, cancellationToken: ct))
            : new KubernetesListWatcher<V1DaemonSet, V1DaemonSetList>(
                Describe("daemonsets", namespaceName, labelSelector, fieldSelector),
                DefaultPageSize,
                (next, limit, ct) => apps.ListNamespacedDaemonSetWithHttpMessagesAsync(namespaceName, continueParameter: next, limit: limit, labelSelector: labelSelector, fieldSelector: fieldSelector, cancellationToken: ct),
                (version, timeout, onError, ct) => apps.WatchListNamespacedDaemonSetAsync(namespaceName, allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: timeout, labelSelector: labelSelector, fieldSelector: fieldSelector, onError: onError, cancellationToken: ct));
    }

    /// <summary>A cluster-scoped custom resource whose type carries <see cref="KubernetesEntityAttribute"/> (group, version, plural).</summary>
    public static IListWatcher<T> ClusterCustomObjects<T>(IKubernetes client, string? labelSelector = null, string? fieldSelector = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{typeof(T).Name} has no [KubernetesEntity] attribute; pass group, version and plural.", nameof(T));
        return ClusterCustomObjects<T>(client, entity.Group, entity.ApiVersion, entity.PluralName, labelSelector, fieldSelector);
    }

    /// <summary>A cluster-scoped custom resource <c>{plural}.{group}</c> at <paramref name="version"/>, deserialised as <typeparamref name="T"/>.</summary>
    public static IListWatcher<T> ClusterCustomObjects<T>(IKubernetes client, string group, string version, string plural, string? labelSelector = null, string? fieldSelector = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(plural);
        var custom = client.CustomObjects;
        return new KubernetesListWatcher<T, KubernetesList<T>>(
            Describe($"{plural}.{group}", null, labelSelector, fieldSelector),
            DefaultPageSize,
            (next, limit, ct) => custom.ListClusterCustomObjectWithHttpMessagesAsync<KubernetesList<T>>(group, version, plural, continueParameter: next, limit: limit, labelSelector: labelSelector, fieldSelector: fieldSelector, cancellationToken: ct),
            (resourceVersion, timeout, onError, ct) => WatchCustomObjects<T>(
                custom.ListClusterCustomObjectWithHttpMessagesAsync<KubernetesList<T>>(group, version, plural, allowWatchBookmarks: true, resourceVersion: resourceVersion, timeoutSeconds: timeout, labelSelector: labelSelector, fieldSelector: fieldSelector, watch: true, cancellationToken: ct),
                onError,
                ct));
    }

    // The only use of the [Obsolete] WatchAsync extension. KubernetesClient generates typed Watch* methods for
    // built-in kinds but none for custom objects, and the extension (deprecated in favour of those generated
    // methods) is the client's own way to turn a watch=true response into typed events; the alternative is to
    // re-implement its line reader. Kept in one place so a client upgrade that removes it breaks only here.
    private static IAsyncEnumerable<(WatchEventType, T)> WatchCustomObjects<T>(Task<HttpOperationResponse<KubernetesList<T>>> response, Action<Exception> onError, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
#pragma warning disable CS0618 // Type or member is obsolete: see the comment above.
        return response.WatchAsync<T, KubernetesList<T>>(onError, cancellationToken);
#pragma warning restore CS0618
    }

    private static string Describe(string resource, string? namespaceName, string? labelSelector, string? fieldSelector)
    {
        var scope = namespaceName is null ? resource : $"{resource} in {namespaceName}";
        var selectors = string.Join(",", new[] { labelSelector, fieldSelector }.Where(s => !string.IsNullOrEmpty(s)));
        return selectors.Length == 0 ? scope : $"{scope} ({selectors})";
    }
}
