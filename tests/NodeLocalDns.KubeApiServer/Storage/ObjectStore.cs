using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Errors;
using NodeLocalDns.KubeApiServer.Watch;

namespace NodeLocalDns.KubeApiServer.Storage;

/// <summary>
/// The "etcd" of the test server: every object of every resource, one global resourceVersion counter that increases
/// by one per committed change (as an etcd revision does), a bounded history of changes for watch replay and
/// exact-version lists, and the open watches. All mutations happen under <see cref="Gate"/>, and events are handed to
/// watchers inside the same critical section, so watchers observe changes in commit order with nothing lost.
/// </summary>
internal sealed class ObjectStore
{
    private readonly Dictionary<StorageKey, StoredObject> objects = [];
    private readonly Dictionary<string, StorageKey> keysByUid = new(StringComparer.Ordinal);
    private readonly List<StoreEvent> history = [];
    private readonly List<WatchSubscription> subscriptions = [];
    private readonly int historyLimit;
    private long resourceVersion;

    /// <summary>Changes at or below this version are no longer in <see cref="history"/>.</summary>
    private long compactedThrough;

    public ObjectStore(int historyLimit, long initialResourceVersion)
    {
        this.historyLimit = Math.Max(1, historyLimit);
        resourceVersion = initialResourceVersion;
        compactedThrough = initialResourceVersion;
    }

    /// <summary>The one lock for all state; re-entrant so compound operations can nest store calls.</summary>
    public Lock Gate { get; } = new();

    public long CurrentResourceVersion
    {
        get
        {
            lock (Gate)
            {
                return resourceVersion;
            }
        }
    }

    public long CompactedThrough
    {
        get
        {
            lock (Gate)
            {
                return compactedThrough;
            }
        }
    }

    public int WatchCount
    {
        get
        {
            lock (Gate)
            {
                return subscriptions.Count;
            }
        }
    }

    public StoredObject? Get(StorageKey key)
    {
        lock (Gate)
        {
            return objects.GetValueOrDefault(key);
        }
    }

    public StoredObject? GetByUid(string uid)
    {
        lock (Gate)
        {
            return keysByUid.TryGetValue(uid, out var key) ? objects.GetValueOrDefault(key) : null;
        }
    }

    /// <summary>Current objects of a group-resource, optionally in one namespace, ordered by namespace and name.</summary>
    public List<StoredObject> List(string groupResource, string? ns)
    {
        lock (Gate)
        {
            var result = objects.Values
                .Where(obj => obj.Key.GroupResource == groupResource && (ns is null || obj.Key.Namespace == ns))
                .ToList();
            result.Sort((a, b) => a.Key.CompareTo(b.Key));
            return result;
        }
    }

    /// <summary>Every stored object, for controllers that look across resources (garbage collection, namespace cleanup).</summary>
    public List<StoredObject> All()
    {
        lock (Gate)
        {
            return [.. objects.Values];
        }
    }

    /// <summary>
    /// The objects of a group-resource as they were at <paramref name="atResourceVersion"/>, rebuilt by undoing the
    /// changes after it (resourceVersionMatch=Exact and continue tokens). 410 Expired once that history is compacted.
    /// </summary>
    public List<StoredObject> ListAt(string groupResource, string? ns, long atResourceVersion)
    {
        lock (Gate)
        {
            if (atResourceVersion > resourceVersion)
            {
                throw ApiErrors.ResourceVersionTooLarge(atResourceVersion, resourceVersion);
            }

            if (atResourceVersion < compactedThrough)
            {
                throw ApiErrors.Expired("The resourceVersion for the provided list is too old.");
            }

            var state = objects.Values
                .Where(obj => obj.Key.GroupResource == groupResource)
                .ToDictionary(obj => obj.Key);
            for (var i = history.Count - 1; i >= 0 && history[i].ResourceVersion > atResourceVersion; i--)
            {
                var change = history[i];
                if (change.Key.GroupResource != groupResource)
                {
                    continue;
                }

                if (change.Type == StoreEventType.Added)
                {
                    state.Remove(change.Key);
                }
                else
                {
                    state[change.Key] = change.Previous!;
                }
            }

            var result = state.Values.Where(obj => ns is null || obj.Key.Namespace == ns).ToList();
            result.Sort((a, b) => a.Key.CompareTo(b.Key));
            return result;
        }
    }

    public StoredObject Add(string groupResource, JsonObject obj)
    {
        lock (Gate)
        {
            var stored = StoredObject.Freeze(groupResource, obj, ++resourceVersion);
            if (!objects.TryAdd(stored.Key, stored))
            {
                throw new InvalidOperationException($"object {stored.Key} already exists");
            }

            if (stored.Uid.Length > 0)
            {
                keysByUid[stored.Uid] = stored.Key;
            }

            Commit(new StoreEvent(StoreEventType.Added, stored, null));
            return stored;
        }
    }

    public StoredObject Update(StoredObject existing, JsonObject obj)
    {
        lock (Gate)
        {
            var stored = StoredObject.Freeze(existing.Key.GroupResource, obj, ++resourceVersion);
            objects[existing.Key] = stored;
            Commit(new StoreEvent(StoreEventType.Modified, stored, existing));
            return stored;
        }
    }

    /// <summary>Removes an object; the DELETED event carries <paramref name="finalContent"/> (or the stored content).</summary>
    public StoredObject Remove(StoredObject existing, JsonObject? finalContent = null)
    {
        lock (Gate)
        {
            var deletedVersion = ++resourceVersion;
            var tombstone = finalContent is null
                ? existing.WithResourceVersion(deletedVersion)
                : StoredObject.Freeze(existing.Key.GroupResource, finalContent, deletedVersion);
            objects.Remove(existing.Key);
            keysByUid.Remove(existing.Uid);
            Commit(new StoreEvent(StoreEventType.Deleted, tombstone, existing));
            return tombstone;
        }
    }

    /// <summary>
    /// Opens a watch. With <paramref name="fromResourceVersion"/> the changes after it are replayed from history (410 if
    /// compacted); without one, synthetic ADDED events describe the current state first. Replay and registration happen
    /// atomically, so no change falls between them.
    /// </summary>
    public WatchSubscription Subscribe(WatchFilter filter, long? fromResourceVersion, bool initialEventsEndBookmark)
    {
        lock (Gate)
        {
            var subscription = new WatchSubscription(filter);
            if (fromResourceVersion is { } from)
            {
                if (from > resourceVersion)
                {
                    throw ApiErrors.ResourceVersionTooLarge(from, resourceVersion);
                }

                if (from < compactedThrough)
                {
                    // A watch reports this as an ERROR event, not an HTTP error (the reflector then relists).
                    subscription.Enqueue(WatchMessage.Error(
                        ApiErrors.Expired($"too old resource version: {from} ({compactedThrough + 1})").ToStatus()));
                    subscription.Close();
                    return subscription;
                }

                foreach (var change in history)
                {
                    if (change.ResourceVersion > from)
                    {
                        subscription.Offer(change);
                    }
                }
            }
            else
            {
                foreach (var obj in List(filter.GroupResource, filter.Namespace))
                {
                    if (filter.Matches(obj))
                    {
                        subscription.Enqueue(new WatchMessage(WatchMessageType.Added, obj, obj.ResourceVersion));
                    }
                }

                if (initialEventsEndBookmark)
                {
                    subscription.Enqueue(WatchMessage.Bookmark(resourceVersion, initialEventsEnd: true));
                }
            }

            subscriptions.Add(subscription);
            return subscription;
        }
    }

    public void Unsubscribe(WatchSubscription subscription)
    {
        lock (Gate)
        {
            subscriptions.Remove(subscription);
            subscription.Close();
        }
    }

    /// <summary>Queues a BOOKMARK at the current version: every change up to it has already been queued for this watcher.</summary>
    public void RequestBookmark(WatchSubscription subscription)
    {
        lock (Gate)
        {
            subscription.Enqueue(WatchMessage.Bookmark(resourceVersion));
        }
    }

    /// <summary>Forgets all history: any watch or exact list from an older version now gets 410.</summary>
    public void ExpireHistory()
    {
        lock (Gate)
        {
            history.Clear();
            compactedThrough = resourceVersion;
        }
    }

    /// <summary>Ends every open watch stream (clients see the stream end and must re-watch).</summary>
    public void DropWatches()
    {
        lock (Gate)
        {
            foreach (var subscription in subscriptions)
            {
                subscription.CloseByServer();
            }

            subscriptions.Clear();
        }
    }

    private void Commit(StoreEvent change)
    {
        history.Add(change);
        if (history.Count > historyLimit)
        {
            var excess = history.Count - historyLimit;
            compactedThrough = history[excess - 1].ResourceVersion;
            history.RemoveRange(0, excess);
        }

        foreach (var subscription in subscriptions)
        {
            subscription.Offer(change);
        }
    }
}
