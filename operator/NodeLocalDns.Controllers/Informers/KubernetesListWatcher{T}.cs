using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;
using NodeLocalDns.Controllers.Resilience;

namespace NodeLocalDns.Controllers.Informers;

/// <summary>
/// An <see cref="IListWatcher{T}"/> for any kind, built-in or custom, over <see cref="ApiCollectionClient"/>: the
/// collection listed in pages with limit/continue, and its <c>watch=true</c> form. Each object is decoded by itself
/// with the client's JSON settings. Built by <see cref="ListWatchers"/>.
/// </summary>
internal sealed class KubernetesListWatcher<T> : IListWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ApiCollectionClient _api;
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
        _api = new ApiCollectionClient(client, group, version, plural, namespaceName, labelSelector, fieldSelector);
        _pageSize = pageSize;
        Description = Describe(group, plural, namespaceName, labelSelector, fieldSelector);
    }

    public string Description { get; }

    public async Task<ObjectList<T>> ListAsync(CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var undecodable = new List<UndecodableObject>();
        string? continueToken = null;
        while (true)
        {
            CollectionPage page;
            try
            {
                page = await _api.ListAsync(continueToken, _pageSize, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (continueToken is not null && ApiErrors.IsGone(error))
            {
                // The continue token outlived the server's compaction window; client-go falls back to one
                // unpaged list, which is consistent by construction.
                var whole = await _api.ListAsync(null, null, cancellationToken).ConfigureAwait(false);
                items.Clear();
                undecodable.Clear();
                Decode(whole.Items, items, undecodable);
                return new ObjectList<T>(items, whole.ResourceVersion) { Undecodable = undecodable };
            }

            Decode(page.Items, items, undecodable);
            continueToken = page.Continue;
            if (string.IsNullOrEmpty(continueToken))
            {
                return new ObjectList<T>(items, page.ResourceVersion) { Undecodable = undecodable };
            }
        }
    }

    private static void Decode(IReadOnlyList<JsonElement> raw, List<T> items, List<UndecodableObject> undecodable)
    {
        foreach (var item in raw)
        {
            var (decoded, error) = Decode(item);
            if (decoded is not null)
            {
                items.Add(decoded);
            }
            else
            {
                undecodable.Add(Undecodable(item, error));
            }
        }
    }

    /// <summary>The typed object, or the reason it cannot be one.</summary>
    private static (T? Object, string Error) Decode(JsonElement raw)
    {
        try
        {
            return KubernetesJson.Deserialize<T>(raw.GetRawText()) is { } decoded ? (decoded, string.Empty) : (null, "decodes to null");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return (null, e.Message);
        }
    }

    private static UndecodableObject Undecodable(JsonElement raw, string error)
    {
        var metadata = raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
            ? m
            : default;
        var namespaceName = ApiCollectionClient.StringField(metadata, "namespace");
        return new UndecodableObject(
            new Reconcile.ObjectKey(
                string.IsNullOrEmpty(namespaceName) ? null : namespaceName, ApiCollectionClient.StringField(metadata, "name") ?? string.Empty),
            ApiCollectionClient.StringField(metadata, "uid"),
            ApiCollectionClient.StringField(metadata, "resourceVersion"),
            error);
    }

    public async IAsyncEnumerable<(WatchEventKind Type, T Object)> WatchAsync(string resourceVersion, TimeSpan timeout,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // An ERROR event (a Status, e.g. 410 Expired) or a line that is no watch event means the stream can no longer
        // be trusted to be complete: ApiCollectionClient throws it, and the informer decides between relist and retry.
        var seconds = (int)Math.Max(1, Math.Round(timeout.TotalSeconds));
        await foreach (var (type, raw) in _api.WatchAsync(resourceVersion, seconds, cancellationToken).ConfigureAwait(false))
        {
            if (type == WatchEventKind.Bookmark)
            {
                // A bookmark carries only the kind and metadata.resourceVersion: decoded leniently, never refused.
                var bookmark = Decode(raw).Object;
                if (bookmark is not null)
                {
                    yield return (type, bookmark);
                }

                continue;
            }

            var (decoded, error) = Decode(raw);
            if (decoded is null)
            {
                // One object the typed model refuses must not stall the watch; the informer sets it aside and relists.
                throw new UndecodableObjectException(Undecodable(raw, error));
            }

            yield return (type, decoded);
        }
    }

    // kubectl's spelling of a resource: the plural, qualified by its group unless it is the core group.
    private static string Describe(string group, string plural, string? namespaceName, string? labelSelector, string? fieldSelector)
    {
        var resource = group.Length == 0 ? plural : $"{plural}.{group}";
        var scope = namespaceName is null ? resource : $"{resource} in {namespaceName}";
        var selectors = string.Join(",", new[] { labelSelector, fieldSelector }.Where(s => !string.IsNullOrEmpty(s)));
        return selectors.Length == 0 ? scope : $"{scope} ({selectors})";
    }
}
