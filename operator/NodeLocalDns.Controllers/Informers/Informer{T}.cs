using System.Diagnostics.CodeAnalysis;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Controllers.Reconcile;
using NodeLocalDns.Controllers.Resilience;

namespace NodeLocalDns.Controllers.Informers;

/// <summary>
/// Keeps a <see cref="Store{T}"/> in step with the API server for one kind: list, then watch from the list's
/// resourceVersion, for as long as it runs (client-go's reflector, kube-rs's watcher).
/// <para><b>Flow:</b> Empty → list (replace the store; synthetic events for the difference) → watch from the
/// list's version with bookmarks → on each event, update the store and remember the event's version → when the
/// server ends the stream (its timeout, a restart, a load balancer), watch again from the last version.</para>
/// <para><b>Guarantees:</b> nothing is missed while the watch window holds: a re-watch from the last version
/// replays what happened while disconnected. When the window has moved on (410 Gone, as an HTTP status or as an
/// ERROR event), the informer relists and the store converges: objects deleted meanwhile produce Deleted events,
/// changed ones Updated. Bookmarks only advance the version, so a quiet kind still re-watches from a recent one.
/// Other failures are retried with jittered exponential backoff (<see cref="InformerOptions.InitialBackoff"/>
/// doubling to <see cref="InformerOptions.MaxBackoff"/>) that starts over after a healthy period.</para>
/// <para><b>Caveats:</b> events are hints for what to reconcile, not a log of what happened: a relist coalesces
/// changes, and an object created and deleted while disconnected is never seen. Reconcilers read the store and
/// treat absence as deletion. <see cref="RunAsync"/> can be called once.</para>
/// </summary>
public sealed class Informer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IListWatcher<T> _source;
    private readonly InformerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private int _started;
    private int _listCount;
    private string? _resourceVersion;
    private long _failingSince;
    private string? _lastError;
    private volatile IReadOnlyCollection<UndecodableObject> _quarantined = [];

    // True from a 410 until the next watch event: a second 410 in a row means the freshly listed version is already
    // expired (a server compacting aggressively), and relisting at once again would spin.
    private bool _goneWithoutProgress;

    /// <summary>Creates an informer; nothing happens until <see cref="RunAsync"/>.</summary>
    public Informer(IListWatcher<T> source, ILogger logger, InformerOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(logger);
        _source = source;
        _logger = logger;
        _options = options ?? new InformerOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        Store = new Store<T>(logger);
    }

    /// <inheritdoc />
    public string Description => _source.Description;

    /// <summary>The cache this informer maintains.</summary>
    public Store<T> Store { get; }

    /// <inheritdoc />
    public bool HasSynced => Store.HasSynced;

    /// <summary>The last resourceVersion seen (list, event or bookmark); null before the first list and while relisting.</summary>
    public string? ResourceVersion => Volatile.Read(ref _resourceVersion);

    /// <summary>How many complete lists were done: 1 after the initial one, more after each relist.</summary>
    public int ListCount => Volatile.Read(ref _listCount);

    /// <inheritdoc />
    public TimeSpan? FailingFor => Volatile.Read(ref _failingSince) is var since and not 0 ? _timeProvider.GetElapsedTime(since) : null;

    /// <inheritdoc />
    public string? LastError => FailingFor is null ? null : Volatile.Read(ref _lastError);

    /// <inheritdoc />
    public IReadOnlyCollection<UndecodableObject> Quarantined => _quarantined;

    /// <inheritdoc />
    public IReadOnlyList<ObjectKey> Keys() => Store.Keys();

    /// <inheritdoc />
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Store.WaitForSyncAsync(cancellationToken);

    /// <inheritdoc />
    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "The loop outlives every failure: each one is logged and retried with backoff.")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"The informer for {Description} is already running.");
        }

        var backoff = new ResettingBackoff(_options.InitialBackoff, _options.MaxBackoff, _options.BackoffResetAfter, _timeProvider);
        InformerLog.InformerStarting(_logger, Description);
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan? wait = null;
            try
            {
                if (ResourceVersion is not { } version)
                {
                    var list = await _source.ListAsync(cancellationToken).ConfigureAwait(false);
                    Quarantine(list.Undecodable);
                    Store.Replace(list.Items);
                    Interlocked.Increment(ref _listCount);
                    Volatile.Write(ref _resourceVersion, list.ResourceVersion);
                    version = list.ResourceVersion;
                    Healthy();
                    InformerLog.Listed(_logger, Description, list.Items.Count, version);
                }

                var opened = _timeProvider.GetTimestamp();
                var delivered = await WatchAsync(version, cancellationToken).ConfigureAwait(false);
                if (delivered == 0 && _timeProvider.GetElapsedTime(opened) < _options.MinHealthyWatch)
                {
                    wait = backoff.Next();
                    Failing("the watch ended at once without events");
                    InformerLog.WatchEndedEarly(_logger, Description, wait.Value);
                }
                else
                {
                    Healthy();
                    InformerLog.WatchEnded(_logger, Description, ResourceVersion);
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (UndecodableObjectException error) when (error.Object is { } undecodable)
            {
                // Set it aside and relist at once: the list leaves it out (so the store drops a stale good version of it),
                // and the watch goes on from the list's version, past the event that carried it.
                Volatile.Write(ref _resourceVersion, null);
                Quarantine([.. _quarantined.Where(q => q.Key != undecodable.Key), undecodable]);
            }
            catch (Exception error) when (ApiErrors.IsGone(error))
            {
                Volatile.Write(ref _resourceVersion, null);
                if (_goneWithoutProgress)
                {
                    wait = backoff.Next();
                }

                _goneWithoutProgress = true;
                InformerLog.Relisting(_logger, Description, error.Message);
            }
            catch (Exception error)
            {
                wait = backoff.Next();
                Failing(error.Message);
                InformerLog.ListWatchFailed(_logger, Description, ResourceVersion, wait.Value, error);
            }

            if (wait is { } delay)
            {
                try
                {
                    await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        InformerLog.InformerStopped(_logger, Description);
    }

    private void Healthy()
    {
        Volatile.Write(ref _failingSince, 0);
        Volatile.Write(ref _lastError, null);
    }

    private void Failing(string error)
    {
        Volatile.Write(ref _lastError, error);
        Interlocked.CompareExchange(ref _failingSince, Math.Max(1, _timeProvider.GetTimestamp()), 0);
    }

    /// <summary>Replaces the set of objects set aside, telling about each one not set aside before at its version.</summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A faulty callback must not stop the informer.")]
    private void Quarantine(IReadOnlyCollection<UndecodableObject> now)
    {
        var before = _quarantined;
        _quarantined = now;
        foreach (var undecodable in now.Where(u => !before.Any(b => b.Key == u.Key && b.ResourceVersion == u.ResourceVersion)))
        {
            InformerLog.Quarantined(_logger, Description, undecodable.Key, undecodable.ResourceVersion, undecodable.Error);
            try
            {
                _options.OnUndecodable?.Invoke(undecodable);
            }
            catch (Exception error)
            {
                InformerLog.HandlerFailed(_logger, typeof(T).Name, InformerEventType.Updated, error);
            }
        }
    }

    private async Task<int> WatchAsync(string version, CancellationToken cancellationToken)
    {
        // 90-100% of the configured timeout: informers started together do not all reconnect at the same moment.
        var timeout = _options.WatchTimeout * (0.9 + (0.1 * Jitter.NextUnit()));
        var delivered = 0;
        await foreach (var (type, obj) in _source.WatchAsync(version, timeout, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            delivered++;
            _goneWithoutProgress = false;
            if (delivered == 1)
            {
                // The stream is live (a bookmark counts): whatever failed before has recovered.
                Healthy();
            }

            switch (type)
            {
                case WatchEventKind.Added or WatchEventKind.Modified or WatchEventKind.Deleted:
                    Store.Apply(type, obj);
                    break;
                case WatchEventKind.Bookmark:
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected {type} event watching {Description}.");
            }

            if (obj.Metadata?.ResourceVersion is { Length: > 0 } next)
            {
                Volatile.Write(ref _resourceVersion, next);
            }
        }

        return delivered;
    }
}
