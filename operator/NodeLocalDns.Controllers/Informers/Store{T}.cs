using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodeLocalDns.Controllers.Reconcile;

namespace NodeLocalDns.Controllers.Informers;

/// <summary>
/// An informer's cache of one kind of object, keyed by <see cref="ObjectKey"/>: what reconcilers read instead of the
/// API server.
/// <para><b>Flow:</b> the owning <see cref="Informer{T}"/> replaces the contents on every (re)list and applies watch
/// events in between; after each change it calls the subscribed handlers, in order, on the informer's loop.</para>
/// <para><b>Guarantees:</b> reads are lock-free and see a consistent snapshot (an immutable dictionary swapped
/// atomically); <see cref="HasSynced"/> becomes true after the first complete list and stays true; a handler sees
/// the store already updated for the event it receives.</para>
/// <para><b>Caveats:</b> the objects are shared with every reader and must be treated as read-only (clone before
/// changing one, as with client-go's DeepCopy). The cache lags the API server by the watch latency and may be
/// stale after a disconnect until the informer re-watches or relists; writes therefore use optimistic concurrency
/// (resourceVersion) and a conflict means "re-read and try again". Handlers run on the informer's loop and must be
/// quick (enqueue keys, nothing more); a handler that throws is logged and skipped.</para>
/// </summary>
public sealed class Store<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _writeGate = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private ImmutableDictionary<ObjectKey, T> _items = ImmutableDictionary<ObjectKey, T>.Empty;
    private Action<InformerEvent<T>>[] _handlers = [];

    /// <summary>Creates an empty store; informers create their own, tests may create one directly.</summary>
    public Store(ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>True once the first list has been stored.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>Number of objects cached.</summary>
    public int Count => Volatile.Read(ref _items).Count;

    /// <summary>The key of <paramref name="obj"/>: its namespace (null when empty, i.e. cluster-scoped) and name.</summary>
    public static ObjectKey KeyOf(T obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var metadata = obj.Metadata ?? throw new ArgumentException("object has no metadata", nameof(obj));
        return new ObjectKey(string.IsNullOrEmpty(metadata.NamespaceProperty) ? null : metadata.NamespaceProperty, metadata.Name);
    }

    /// <summary>The cached object for <paramref name="key"/>, if any.</summary>
    public bool TryGet(ObjectKey key, [MaybeNullWhen(false)] out T value) => Volatile.Read(ref _items).TryGetValue(key, out value);

    /// <summary>The cached object for <paramref name="key"/>, or null.</summary>
    public T? Get(ObjectKey key) => TryGet(key, out var value) ? value : null;

    /// <summary>Every cached object (a snapshot).</summary>
    public IReadOnlyList<T> List() => [.. Volatile.Read(ref _items).Values];

    /// <summary>The cached objects matching <paramref name="predicate"/> (a snapshot).</summary>
    public IReadOnlyList<T> List(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return [.. Volatile.Read(ref _items).Values.Where(predicate)];
    }

    /// <summary>Every cached key (a snapshot).</summary>
    public IReadOnlyList<ObjectKey> Keys() => [.. Volatile.Read(ref _items).Keys];

    /// <summary>Calls <paramref name="handler"/> after each change, until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Action<InformerEvent<T>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_writeGate)
        {
            _handlers = [.. _handlers, handler];
        }

        return new Subscription(this, handler);
    }

    /// <summary>Completes when <see cref="HasSynced"/> becomes true.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Applies a watch event (Added/Modified → upsert, Deleted → remove) and notifies the handlers.</summary>
    internal void Apply(WatchEventKind type, T obj)
    {
        InformerEvent<T>? change;
        lock (_writeGate)
        {
            var key = KeyOf(obj);
            var current = _items;
            current.TryGetValue(key, out var old);
            if (type == WatchEventKind.Deleted)
            {
                _items = current.Remove(key);
                change = new InformerEvent<T>(InformerEventType.Deleted, obj);
            }
            else
            {
                _items = current.SetItem(key, obj);
                change = old is null ? new InformerEvent<T>(InformerEventType.Added, obj)
                    : SameVersion(old, obj) ? null
                    : new InformerEvent<T>(InformerEventType.Updated, obj, old);
            }
        }

        if (change is not null)
        {
            Publish(change);
        }
    }

    /// <summary>
    /// Replaces the contents with a complete list and notifies the handlers of the difference: Deleted for objects
    /// that vanished (with their last known state), Updated for those whose resourceVersion changed, Added for new
    /// ones. Marks the store synced.
    /// </summary>
    internal void Replace(IEnumerable<T> list)
    {
        var changes = new List<InformerEvent<T>>();
        lock (_writeGate)
        {
            var old = _items;
            var builder = ImmutableDictionary.CreateBuilder<ObjectKey, T>();
            foreach (var obj in list)
            {
                var key = KeyOf(obj);
                builder[key] = obj;
                if (!old.TryGetValue(key, out var previous))
                {
                    changes.Add(new InformerEvent<T>(InformerEventType.Added, obj));
                }
                else if (!SameVersion(previous, obj))
                {
                    changes.Add(new InformerEvent<T>(InformerEventType.Updated, obj, previous));
                }
            }

            foreach (var (key, previous) in old)
            {
                if (!builder.ContainsKey(key))
                {
                    changes.Add(new InformerEvent<T>(InformerEventType.Deleted, previous));
                }
            }

            _items = builder.ToImmutable();
        }

        foreach (var change in changes)
        {
            Publish(change);
        }

        _synced.TrySetResult();
    }

    private static bool SameVersion(T a, T b) =>
        a.Metadata?.ResourceVersion is { Length: > 0 } version && version == b.Metadata?.ResourceVersion;

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "A faulty handler must not stop the informer or starve the other handlers.")]
    private void Publish(InformerEvent<T> change)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                handler(change);
            }
            catch (Exception error)
            {
                InformerLog.HandlerFailed(_logger, typeof(T).Name, change.Type, error);
            }
        }
    }

    private void Unsubscribe(Action<InformerEvent<T>> handler)
    {
        lock (_writeGate)
        {
            _handlers = [.. _handlers.Where(existing => existing != handler)];
        }
    }

    private sealed class Subscription(Store<T> store, Action<InformerEvent<T>> handler) : IDisposable
    {
        public void Dispose() => store.Unsubscribe(handler);
    }
}
