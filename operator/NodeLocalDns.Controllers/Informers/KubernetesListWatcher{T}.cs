using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NodeLocalDns.Controllers.Resilience;

namespace NodeLocalDns.Controllers.Informers;

/// <summary>
/// An <see cref="IListWatcher{T}"/> for any kind, through the client's generic collection call (the
/// <c>CustomObjects</c> list, which serves built-in kinds too: an empty group becomes <c>/api/v1</c>), paged with
/// limit/continue, and its <c>watch=true</c> form. Built by <see cref="ListWatchers"/>.
/// </summary>
internal sealed class KubernetesListWatcher<T> : IListWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ICustomObjectsOperations _api;
    private readonly string _group;
    private readonly string _version;
    private readonly string _plural;
    private readonly string? _namespace;
    private readonly string? _labelSelector;
    private readonly string? _fieldSelector;
    private readonly int _pageSize;

    /// <summary>Objects <c>{plural}.{group}/{version}</c> in <paramref name="namespaceName"/> (null: every namespace, or a cluster-scoped kind).</summary>
    public KubernetesListWatcher(IKubernetes client, string group, string version, string plural, string? namespaceName,
        string? labelSelector, string? fieldSelector, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(plural);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        _api = client.CustomObjects;
        _group = group;
        _version = version;
        _plural = plural;
        _namespace = namespaceName;
        _labelSelector = labelSelector;
        _fieldSelector = fieldSelector;
        _pageSize = pageSize;
        Description = Describe();
    }

    public string Description { get; }

    public async Task<ObjectList<T>> ListAsync(CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var undecodable = new List<UndecodableObject>();
        string? continueToken = null;
        while (true)
        {
            KubernetesList<RawObject> page;
            try
            {
                using var response = await RequestAsync(continueToken, _pageSize, cancellationToken).ConfigureAwait(false);
                page = response.Body;
            }
            catch (HttpOperationException error) when (continueToken is not null && ApiErrors.IsGone(error))
            {
                // The continue token outlived the server's compaction window; client-go falls back to one
                // unpaged list, which is consistent by construction.
                using var response = await RequestAsync(null, null, cancellationToken).ConfigureAwait(false);
                items.Clear();
                undecodable.Clear();
                Decode(response.Body.Items, items, undecodable);
                return new ObjectList<T>(items, response.Body.Metadata?.ResourceVersion ?? string.Empty) { Undecodable = undecodable };
            }

            Decode(page.Items, items, undecodable);
            continueToken = page.Metadata?.ContinueProperty;
            if (string.IsNullOrEmpty(continueToken))
            {
                return new ObjectList<T>(items, page.Metadata?.ResourceVersion ?? string.Empty) { Undecodable = undecodable };
            }
        }
    }

    private static void Decode(IList<RawObject>? raw, List<T> items, List<UndecodableObject> undecodable)
    {
        foreach (var item in raw ?? [])
        {
            if (item.Decode<T>() is ({ } decoded, _))
            {
                items.Add(decoded);
            }
            else
            {
                undecodable.Add(Undecodable(item));
            }
        }
    }

    private static UndecodableObject Undecodable(RawObject raw) => new(
        new Reconcile.ObjectKey(
            string.IsNullOrEmpty(raw.Metadata?.NamespaceProperty) ? null : raw.Metadata.NamespaceProperty,
            raw.Metadata?.Name ?? string.Empty),
        raw.Metadata?.Uid,
        raw.Metadata?.ResourceVersion,
        raw.Decode<T>().Error ?? "does not decode");

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, TimeSpan timeout,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // KubernetesClient reports ERROR events (a Status object, e.g. 410 Expired) and undecodable lines through
        // the callback instead of throwing, and keeps reading. Either one means the stream can no longer be trusted
        // to be complete, so it is surfaced as the exception it is; the informer decides between relist and retry.
        Exception? failure = null;
        var seconds = (int)Math.Max(1, Math.Round(timeout.TotalSeconds));
        var events = Watch(
            RequestAsync(null, null, cancellationToken, watchFrom: resourceVersion, timeoutSeconds: seconds),
            error => failure ??= error,
            cancellationToken);
        await foreach (var (type, raw) in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (failure is not null)
            {
                break;
            }

            var (decoded, _) = raw.Decode<T>();
            if (decoded is null)
            {
                // One object the typed model refuses must not stall the watch; the informer sets it aside and relists.
                throw new UndecodableObjectException(Undecodable(raw));
            }

            yield return (type, decoded);
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    // The only use of the [Obsolete] WatchAsync extension. KubernetesClient generates typed Watch* methods per built-in
    // kind but no generic one that takes a resourceVersion and selectors (GenericClient's takes neither), and the
    // extension is the client's own way to turn a watch=true response into typed events; the alternative is to
    // re-implement its line reader. Kept in one place so a client upgrade that removes it breaks only here.
    private static IAsyncEnumerable<(WatchEventType, RawObject)> Watch(Task<HttpOperationResponse<KubernetesList<RawObject>>> response,
        Action<Exception> onError, CancellationToken cancellationToken)
    {
#pragma warning disable CS0618 // Type or member is obsolete: see the comment above.
        return response.WatchAsync<RawObject, KubernetesList<RawObject>>(onError, cancellationToken);
#pragma warning restore CS0618
    }

    // One request shape for list pages and watches. Without a namespace the collection URL is the same for a
    // cluster-scoped kind and for a namespaced kind across every namespace.
    private Task<HttpOperationResponse<KubernetesList<RawObject>>> RequestAsync(
        string? continueToken, int? limit, CancellationToken cancellationToken, string? watchFrom = null, int? timeoutSeconds = null)
    {
        bool? watch = watchFrom is null ? null : true;
        return _namespace is null
            ? _api.ListClusterCustomObjectWithHttpMessagesAsync<KubernetesList<RawObject>>(
                _group, _version, _plural, allowWatchBookmarks: watch, continueParameter: continueToken,
                fieldSelector: _fieldSelector, labelSelector: _labelSelector,
                limit: limit, resourceVersion: watchFrom, timeoutSeconds: timeoutSeconds, watch: watch, cancellationToken: cancellationToken)
            : _api.ListNamespacedCustomObjectWithHttpMessagesAsync<KubernetesList<RawObject>>(
                _group, _version, _namespace, _plural, allowWatchBookmarks: watch, continueParameter: continueToken,
                fieldSelector: _fieldSelector, labelSelector: _labelSelector,
                limit: limit, resourceVersion: watchFrom, timeoutSeconds: timeoutSeconds, watch: watch, cancellationToken: cancellationToken);
    }

    // kubectl's spelling of a resource: the plural, qualified by its group unless it is the core group.
    private string Describe()
    {
        var resource = _group.Length == 0 ? _plural : $"{_plural}.{_group}";
        var scope = _namespace is null ? resource : $"{resource} in {_namespace}";
        var selectors = string.Join(",", new[] { _labelSelector, _fieldSelector }.Where(s => !string.IsNullOrEmpty(s)));
        return selectors.Length == 0 ? scope : $"{scope} ({selectors})";
    }
}
