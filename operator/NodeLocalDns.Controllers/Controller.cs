using System.Diagnostics.CodeAnalysis;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Controllers.Handlers;
using NodeLocalDns.Controllers.Informers;
using NodeLocalDns.Controllers.Observability;
using NodeLocalDns.Controllers.Queue;
using NodeLocalDns.Controllers.Reconcile;

namespace NodeLocalDns.Controllers;

/// <summary>
/// Runs an <see cref="IReconciler"/> for the keys that informer events map to (controller-runtime's controller).
/// <para><b>Flow:</b> configure with <see cref="For{T}"/> (the primary kind: its events enqueue its own keys and
/// the periodic resync enqueues all of them) and <see cref="Watch{T}"/> (other kinds, with a mapper from object to
/// primary keys; see <see cref="EventMappers"/>). <see cref="RunAsync"/> starts every informer, waits until all have
/// listed once (at most <see cref="ControllerOptions.CacheSyncTimeout"/>), then runs
/// <see cref="ControllerOptions.Workers"/> workers that take keys from the <see cref="WorkQueue{T}"/> and reconcile
/// them, each in a log scope carrying the key and a fresh reconcile ID.</para>
/// <para><b>Guarantees (the result policy, as controller-runtime's reconcileHandler):</b> an exception requeues the
/// key with per-key exponential backoff (<see cref="WorkQueue{T}.AddRateLimited"/>), except a
/// <see cref="TerminalReconcileException"/> (anywhere in the exception chain), which is logged and counted and not
/// retried; <see cref="ReconcileResult.RequeueAfter"/> resets the backoff and requeues after that delay; plain
/// success resets the backoff. One key is never reconciled twice at once, and a key changed during its reconcile is
/// reconciled again afterwards. The reconciler's cancellation token fires when the controller stops (for example on
/// lost leadership), so it stops writing.</para>
/// <para><b>Caveats:</b> the controller owns the informers it is given (an informer runs once, so it cannot be
/// shared with another controller), and <see cref="RunAsync"/> runs once. Events arriving before the caches sync
/// are queued, not lost.</para>
/// </summary>
public sealed class Controller : IDisposable
{
    private static readonly Func<ILogger, string, string, IDisposable?> ReconcileScope =
        LoggerMessage.DefineScope<string, string>("Reconcile {Key} {ReconcileId}");

    private readonly IReconciler _reconciler;
    private readonly ILogger _logger;
    private readonly ControllerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly RuntimeMetrics _metrics;
    private readonly List<IInformer> _informers = [];
    private readonly List<IDisposable> _subscriptions = [];
    [SuppressMessage("Performance", "CA1859:Use concrete types when possible",
        Justification = "Holds an informer of whichever kind For<T> was given; there is no single concrete type.")]
    private IInformer? _primary;
    private int _started;

    /// <summary>Creates a controller; configure it with <see cref="For{T}"/> and <see cref="Watch{T}"/>, then <see cref="RunAsync"/>.</summary>
    /// <param name="name">Names it in logs and metrics (the <c>controller</c> label), e.g. <c>nodelocaldns</c>.</param>
    /// <param name="reconciler">What to run per key.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="timeProvider">The clock for the queue, the resync and durations; null for the system clock.</param>
    /// <param name="metrics">Where to count; null for series named after <paramref name="name"/> in the default registry.</param>
    public Controller(string name, IReconciler reconciler, ILogger logger, ControllerOptions? options = null,
        TimeProvider? timeProvider = null, RuntimeMetrics? metrics = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(reconciler);
        ArgumentNullException.ThrowIfNull(logger);
        Name = name;
        _reconciler = reconciler;
        _logger = logger;
        _options = options ?? new ControllerOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.Workers);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _metrics = metrics ?? new RuntimeMetrics(name);
        var depth = _metrics.QueueDepth;
        Queue = new WorkQueue<ObjectKey>(_options.Queue, _timeProvider, length => depth.Set(length));
    }

    /// <summary>The controller's name.</summary>
    public string Name { get; }

    /// <summary>The work queue, e.g. for an external trigger to <see cref="WorkQueue{T}.Add"/> a key.</summary>
    public WorkQueue<ObjectKey> Queue { get; }

    /// <summary>Sets the primary kind: its events enqueue the object's own key, and the resync enqueues every cached key.</summary>
    /// <param name="informer">The primary kind's informer.</param>
    /// <param name="filter">Which events to act on (e.g. <see cref="EventFilters.GenerationChanged{T}"/>); null for all.</param>
    public Controller For<T>(Informer<T> informer, Func<InformerEvent<T>, bool>? filter = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(informer);
        if (_primary is not null)
        {
            throw new InvalidOperationException($"Controller {Name} already has a primary kind ({_primary.Description}).");
        }

        Watch(informer, EventMappers.Self<T>(), filter);
        _primary = informer;
        return this;
    }

    /// <summary>
    /// Enqueues the keys <paramref name="map"/> returns for each event of <paramref name="informer"/> (for updates, of both the old
    /// and new object).
    /// </summary>
    /// <param name="informer">The watched kind's informer.</param>
    /// <param name="map">From object to primary keys; see <see cref="EventMappers"/>.</param>
    /// <param name="filter">Which events to act on; null for all.</param>
    public Controller Watch<T>(Informer<T> informer, Func<T, IEnumerable<ObjectKey>> map, Func<InformerEvent<T>, bool>? filter = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(informer);
        ArgumentNullException.ThrowIfNull(map);
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException($"Controller {Name} is already running; register watches before RunAsync.");
        }

        if (!_informers.Contains(informer))
        {
            _informers.Add(informer);
        }

        _subscriptions.Add(informer.Store.Subscribe(change =>
        {
            if (filter is not null && !filter(change))
            {
                return;
            }

            foreach (var key in map(change.Object))
            {
                Queue.Add(key);
            }

            // An update can move an object between owners (or out of a mapping); the old state's keys must hear of it.
            if (change.OldObject is { } old)
            {
                foreach (var key in map(old))
                {
                    Queue.Add(key);
                }
            }
        }));
        return this;
    }

    /// <summary>
    /// Runs the informers and workers until <paramref name="cancellationToken"/> is cancelled, then stops them and
    /// completes normally.
    /// </summary>
    /// <exception cref="TimeoutException">Some informer did not list within <see cref="ControllerOptions.CacheSyncTimeout"/>.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_primary is null)
        {
            throw new InvalidOperationException($"Controller {Name} has no primary kind; call For() first.");
        }

        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"Controller {Name} is already running.");
        }

        ControllerLog.ControllerStarting(_logger, Name, string.Join("; ", _informers.Select(i => i.Description)));
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = _informers.Select(informer => Task.Run(() => informer.RunAsync(stopping.Token), CancellationToken.None)).ToArray();
        try
        {
            if (!await WaitForCachesAsync(stopping.Token).ConfigureAwait(false))
            {
                return;
            }

            using var resync = StartResync();
            ControllerLog.ControllerStarted(_logger, Name, _options.Workers);
            var workers = Enumerable.Range(0, _options.Workers)
                .Select(_ => Task.Run(() => WorkAsync(stopping.Token), CancellationToken.None))
                .ToArray();
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            Queue.ShutDown();
            await Task.WhenAll(running).ConfigureAwait(false);
            ControllerLog.ControllerStopped(_logger, Name);
        }
    }

    /// <summary>Stops listening to the informers and releases the queue.</summary>
    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        Queue.Dispose();
    }

    private async Task<bool> WaitForCachesAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.CacheSyncTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await Task.WhenAll(_informers.Select(informer => informer.WaitForSyncAsync(linked.Token))).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            var pending = string.Join("; ", _informers.Where(informer => !informer.HasSynced).Select(informer => informer.Description));
            throw new TimeoutException($"Controller {Name}: caches did not sync within {_options.CacheSyncTimeout}: {pending}.");
        }
    }

    private ITimer? StartResync()
    {
        if (_options.ResyncPeriod is not { } period || period <= TimeSpan.Zero)
        {
            return null;
        }

        using (ExecutionContext.SuppressFlow())
        {
            return _timeProvider.CreateTimer(
                static state =>
                {
                    var controller = (Controller)state!;
                    foreach (var key in controller._primary!.Keys())
                    {
                        controller.Queue.Add(key);
                    }
                },
                this,
                period,
                period);
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ObjectKey key;
            try
            {
                (key, var shutDown) = await Queue.GetAsync(cancellationToken).ConfigureAwait(false);
                if (shutDown)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "Any reconcile failure is retried with backoff (controller-runtime recovers panics the same way); " +
            "it must not kill the worker.")]
    private async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var reconcileId = Guid.NewGuid().ToString("D");
        using var scope = ReconcileScope(_logger, key.ToString(), reconcileId);
        _metrics.ActiveWorkers.Inc();
        var startedAt = _timeProvider.GetTimestamp();
        try
        {
            ControllerLog.Reconciling(_logger, Name, key);
            var result = await _reconciler.ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
            Queue.Forget(key);
            if (result.RequeueAfter is { } delay && delay > TimeSpan.Zero)
            {
                Queue.AddAfter(key, delay);
                _metrics.CountResult(RuntimeMetrics.RequeueAfter);
                ControllerLog.ReconciledRequeueAfter(_logger, Name, key, delay);
            }
            else
            {
                _metrics.CountResult(RuntimeMetrics.Success);
                ControllerLog.Reconciled(_logger, Name, key);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping (shutdown or lost leadership): not a failure, and the queue is going away.
        }
        catch (Exception error) when (FindTerminal(error) is { } terminal)
        {
            Queue.Forget(key);
            _metrics.CountResult(RuntimeMetrics.Error);
            _metrics.Errors.Inc();
            _metrics.TerminalErrors.Inc();
            ControllerLog.ReconcileTerminal(_logger, Name, key, terminal.Message, error);
        }
        catch (Exception error)
        {
            var delay = Queue.AddRateLimited(key);
            _metrics.CountResult(RuntimeMetrics.Error);
            _metrics.Errors.Inc();
            _metrics.Retries.Inc();
            ControllerLog.ReconcileFailed(_logger, Name, key, Queue.NumRequeues(key), delay, error);
        }
        finally
        {
            _metrics.Duration.Observe(_timeProvider.GetElapsedTime(startedAt).TotalSeconds);
            _metrics.ActiveWorkers.Dec();
        }
    }

    private static TerminalReconcileException? FindTerminal(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is TerminalReconcileException terminal)
            {
                return terminal;
            }
        }

        return null;
    }
}
