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
    private readonly Dictionary<StorageKey, StoredObject> _objects = [];
    private readonly Dictionary<string, StorageKey> _keysByUid = new(StringComparer.Ordinal);
    private readonly List<StoreEvent> _history = [];
    private readonly List<WatchSubscription> _subscriptions = [];
    private readonly int _historyLimit;
    private long _resourceVersion;

    /// <summary>Changes at or below this version are no longer in <see cref="_history"/>.</summary>
    private long _compactedThrough;

    public ObjectStore(int historyLimit, long initialResourceVersion)
    {
        _historyLimit = Math.Max(1, historyLimit);
        _resourceVersion = initialResourceVersion;
        _compactedThrough = initialResourceVersion;
    }

    /// <summary>The one lock for all state; re-entrant so compound operations can nest store calls.</summary>
    public Lock Gate { get; } = new();

    public long CurrentResourceVersion
    {
        get
        {
            lock (Gate)
            {
                return _resourceVersion;
            }
        }
    }

    public long CompactedThrough
    {
        get
        {
            lock (Gate)
            {
                return _compactedThrough;
            }
        }
    }

    public int WatchCount
    {
        get
        {
            lock (Gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    public StoredObject? Get(StorageKey key)
    {
        lock (Gate)
        {
            return _objects.GetValueOrDefault(key);
        }
    }

    public StoredObject? GetByUid(string uid)
    {
        lock (Gate)
        {
            return _keysByUid.TryGetValue(uid, out var key) ? _objects.GetValueOrDefault(key) : null;
        }
    }

    /// <summary>Current objects of a group-resource, optionally in one namespace, ordered by namespace and name.</summary>
    public List<StoredObject> List(string groupResource, string? ns)
    {
        lock (Gate)
        {
            var result = _objects.Values
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
            return [.. _objects.Values];
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
            if (atResourceVersion > _resourceVersion)
            {
                throw ApiErrors.ResourceVersionTooLarge(atResourceVersion, _resourceVersion);
            }

            if (atResourceVersion < _compactedThrough)
            {
                throw ApiErrors.Expired("The resourceVersion for the provided list is too old.");
            }

            var state = _objects.Values
                .Where(obj => obj.Key.GroupResource == groupResource)
                .ToDictionary(obj => obj.Key);
            for (var i = _history.Count - 1; i >= 0 && _history[i].ResourceVersion > atResourceVersion; i--)
            {
                var change = _history[i];
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
            var stored = StoredObject.Freeze(groupResource, obj, ++_resourceVersion);
            if (!_objects.TryAdd(stored.Key, stored))
            {
                throw new InvalidOperationException($"object {stored.Key} already exists");
            }

            if (stored.Uid.Length > 0)
            {
                _keysByUid[stored.Uid] = stored.Key;
            }

            Commit(new StoreEvent(StoreEventType.Added, stored, null));
            return stored;
        }
    }

    public StoredObject Update(StoredObject existing, JsonObject obj)
    {
        lock (Gate)
        {
            var stored = StoredObject.Freeze(existing.Key.GroupResource, obj, ++_resourceVersion);
            _objects[existing.Key] = stored;
            Commit(new StoreEvent(StoreEventType.Modified, stored, existing));
            return stored;
        }
    }

    /// <summary>Removes an object; the DELETED event carries <paramref name="finalContent"/> (or the stored content).</summary>
    public StoredObject Remove(StoredObject existing, JsonObject? finalContent = null)
    {
        lock (Gate)
        {
            var deletedVersion = ++_resourceVersion;
            var tombstone = finalContent is null
                ? existing.WithResourceVersion(deletedVersion)
                : StoredObject.Freeze(existing.Key.GroupResource, finalContent, deletedVersion);
            _objects.Remove(existing.Key);
            _keysByUid.Remove(existing.Uid);
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
                if (from > _resourceVersion)
                {
                    throw ApiErrors.ResourceVersionTooLarge(from, _resourceVersion);
                }

                if (from < _compactedThrough)
                {
                    // A watch reports this as an ERROR event, not an HTTP error (the reflector then relists).
                    subscription.Enqueue(WatchMessage.Error(
                        ApiErrors.Expired($"too old resource version: {from} ({_compactedThrough + 1})").ToStatus()));
                    subscription.Close();
                    return subscription;
                }

                foreach (var change in _history)
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
                    subscription.Enqueue(WatchMessage.Bookmark(_resourceVersion, initialEventsEnd: true));
                }
            }

            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    public void Unsubscribe(WatchSubscription subscription)
    {
        lock (Gate)
        {
            _subscriptions.Remove(subscription);
            subscription.Close();
        }
    }

    /// <summary>Queues a BOOKMARK at the current version: every change up to it has already been queued for this watcher.</summary>
    public void RequestBookmark(WatchSubscription subscription)
    {
        lock (Gate)
        {
            subscription.Enqueue(WatchMessage.Bookmark(_resourceVersion));
        }
    }

    /// <summary>Forgets all history: any watch or exact list from an older version now gets 410.</summary>
    public void ExpireHistory()
    {
        lock (Gate)
        {
            _history.Clear();
            _compactedThrough = _resourceVersion;
        }
    }

    /// <summary>Ends every open watch stream (clients see the stream end and must re-watch).</summary>
    public void DropWatches()
    {
        lock (Gate)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.CloseByServer();
            }

            _subscriptions.Clear();
        }
    }

    private void Commit(StoreEvent change)
    {
        _history.Add(change);
        if (_history.Count > _historyLimit)
        {
            var excess = _history.Count - _historyLimit;
            _compactedThrough = _history[excess - 1].ResourceVersion;
            _history.RemoveRange(0, excess);
        }

        foreach (var subscription in _subscriptions)
        {
            subscription.Offer(change);
        }
    }
}
