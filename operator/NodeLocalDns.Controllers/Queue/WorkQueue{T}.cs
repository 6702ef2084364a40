namespace NodeLocalDns.Controllers.Queue;

/// <summary>
/// The controller's work queue: de-duplicating, delaying and rate-limited, with client-go's workqueue semantics.
/// <para><b>Flow:</b> producers <see cref="Add"/> keys (or <see cref="AddAfter"/>, <see cref="AddRateLimited"/>);
/// a worker takes one with <see cref="GetAsync"/>, processes it, then calls <see cref="Done"/>, and on success
/// <see cref="Forget"/> to reset the key's backoff.</para>
/// <para><b>Guarantees:</b> a key is queued at most once however often it is added (the <i>dirty</i> set); a key
/// is never handed to two workers at once (the <i>processing</i> set): adding a key that is being processed
/// marks it dirty, and <see cref="Done"/> queues it again exactly once. Keys come out in the order they were
/// first added. A delayed key is added when its time comes; delaying a key that is already waiting keeps the
/// earlier time. Every clock and timer comes from the <see cref="TimeProvider"/>.</para>
/// <para><b>Caveats:</b> <see cref="ShutDown"/> abandons queued and waiting keys (no drain): the controller only
/// shuts down when it stops for good. <see cref="Done"/> must be called for every key <see cref="GetAsync"/>
/// returned, or that key is never processed again.</para>
/// </summary>
/// <typeparam name="T">The key type; equal keys are the same piece of work.</typeparam>
public sealed class WorkQueue<T> : IDisposable
    where T : notnull
{
    private readonly Lock _gate = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];

    // One permit per entry in `_queue`, so a waiter that gets a permit always finds a key (except after shutdown).
    private readonly SemaphoreSlim _available = new(0);
    private readonly CancellationTokenSource _shutdown = new();

    // Delayed keys: a heap by due time plus the authoritative due time per key. Moving a key earlier leaves its old
    // heap entry behind; entries whose time no longer matches `_dueAt` are stale and skipped.
    private readonly PriorityQueue<T, long> _waiting = new();
    private readonly Dictionary<T, long> _dueAt = [];
    private readonly ITimer _timer;
    private long _armedFor = long.MaxValue;

    private readonly TimeProvider _timeProvider;
    private readonly KeyBackoff<T> _backoff;
    private readonly TokenBucket? _bucket;
    private readonly Action<int>? _lengthChanged;
    private bool _shuttingDown;

    /// <summary>Creates a queue.</summary>
    /// <param name="options">Retry spacing; null for the defaults.</param>
    /// <param name="timeProvider">The clock for delays and backoff; null for the system clock.</param>
    /// <param name="lengthChanged">Called with the new <see cref="Length"/> whenever it changes (a depth gauge); it
    /// runs under the queue's lock, so it must be quick and must not call back into the queue.</param>
    public WorkQueue(WorkQueueOptions? options = null, TimeProvider? timeProvider = null, Action<int>? lengthChanged = null)
    {
        options ??= new WorkQueueOptions();
        options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _lengthChanged = lengthChanged;
        _backoff = new KeyBackoff<T>(options.BaseRetryDelay, options.MaxRetryDelay);
        if (options.OverallRetriesPerSecond is { } rate)
        {
            _bucket = new TokenBucket(rate, options.OverallRetryBurst, _timeProvider);
        }

        // The timer would otherwise capture whatever ExecutionContext (log scopes, activities) the first caller had.
        using (ExecutionContext.SuppressFlow())
        {
            _timer = _timeProvider.CreateTimer(static state => ((WorkQueue<T>)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Keys ready to be taken (not counting keys being processed or waiting for a delay).</summary>
    public int Length
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Keys waiting for their <see cref="AddAfter"/> or <see cref="AddRateLimited"/> delay.</summary>
    public int WaitingCount
    {
        get
        {
            lock (_gate)
            {
                return _dueAt.Count;
            }
        }
    }

    /// <summary>True once <see cref="ShutDown"/> was called.</summary>
    public bool IsShuttingDown
    {
        get
        {
            lock (_gate)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>Queues <paramref name="key"/> unless it is already queued; a key being processed is queued again after <see cref="Done"/>.</summary>
    public void Add(T key)
    {
        lock (_gate)
        {
            AddLocked(key);
        }
    }

    /// <summary>Adds <paramref name="key"/> once <paramref name="delay"/> has passed (at once if it is not positive).</summary>
    public void AddAfter(T key, TimeSpan delay)
    {
        lock (_gate)
        {
            AddAfterLocked(key, delay);
        }
    }

    /// <summary>
    /// Adds <paramref name="key"/> after its backoff: the per-key exponential delay (or the overall token bucket's,
    /// if longer). Each call counts as one more failure of the key until <see cref="Forget"/>.
    /// </summary>
    /// <returns>The delay chosen.</returns>
    public TimeSpan AddRateLimited(T key)
    {
        lock (_gate)
        {
            var delay = _backoff.Next(key);
            if (_bucket?.Reserve() is { } overall && overall > delay)
            {
                delay = overall;
            }

            AddAfterLocked(key, delay);
            return delay;
        }
    }

    /// <summary>Resets <paramref name="key"/>'s backoff: it succeeded, or its failures no longer matter.</summary>
    public void Forget(T key)
    {
        lock (_gate)
        {
            _backoff.Forget(key);
        }
    }

    /// <summary>How many times <paramref name="key"/> was rate-limited since it was last forgotten.</summary>
    public int NumRequeues(T key)
    {
        lock (_gate)
        {
            return _backoff.Failures(key);
        }
    }

    /// <summary>
    /// Waits for a key and marks it as being processed. Returns <c>ShutDown = true</c> (and a default key) once the
    /// queue is shut down, including for callers already waiting.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<(T Key, bool ShutDown)> GetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return (default!, true);
            }
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        while (true)
        {
            try
            {
                await _available.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (default!, true);
            }

            lock (_gate)
            {
                if (_shuttingDown)
                {
                    return (default!, true);
                }

                if (_queue.TryDequeue(out var key))
                {
                    _processing.Add(key);
                    _dirty.Remove(key);
                    _lengthChanged?.Invoke(_queue.Count);
                    return (key, false);
                }
            }
        }
    }

    /// <summary>Ends processing of <paramref name="key"/>; if it was added meanwhile, it is queued again now.</summary>
    public void Done(T key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (!_shuttingDown && _dirty.Contains(key))
            {
                Enqueue(key);
            }
        }
    }

    /// <summary>Stops the queue: later adds are ignored, waiting and queued keys are dropped, and every <see cref="GetAsync"/> returns.</summary>
    public void ShutDown()
    {
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }

            _shuttingDown = true;
            _queue.Clear();
            _dirty.Clear();
            _waiting.Clear();
            _dueAt.Clear();
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _lengthChanged?.Invoke(0);
        }

        _shutdown.Cancel();
    }

    /// <summary>Shuts the queue down and releases its timer. Call it after the workers have stopped.</summary>
    public void Dispose()
    {
        ShutDown();
        _timer.Dispose();
        _available.Dispose();
        _shutdown.Dispose();
    }

    private void AddLocked(T key)
    {
        if (_shuttingDown || !_dirty.Add(key) || _processing.Contains(key))
        {
            return;
        }

        Enqueue(key);
    }

    private void Enqueue(T key)
    {
        _queue.Enqueue(key);
        _available.Release();
        _lengthChanged?.Invoke(_queue.Count);
    }

    private void AddAfterLocked(T key, TimeSpan delay)
    {
        if (_shuttingDown)
        {
            return;
        }

        if (delay <= TimeSpan.Zero)
        {
            AddLocked(key);
            return;
        }

        var due = _timeProvider.GetUtcNow().UtcTicks + delay.Ticks;
        if (_dueAt.TryGetValue(key, out var existing) && existing <= due)
        {
            return;
        }

        _dueAt[key] = due;
        _waiting.Enqueue(key, due);
        ArmLocked();
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }

            _armedFor = long.MaxValue;
            var now = _timeProvider.GetUtcNow().UtcTicks;
            while (_waiting.TryPeek(out var key, out var due))
            {
                if (!_dueAt.TryGetValue(key, out var current) || current != due)
                {
                    _waiting.Dequeue();
                    continue;
                }

                if (due > now)
                {
                    break;
                }

                _waiting.Dequeue();
                _dueAt.Remove(key);
                AddLocked(key);
            }

            ArmLocked();
        }
    }

    // Points the single timer at the earliest live due time. Callers guarantee every live entry is in the future
    // (AddAfter rejects non-positive delays, OnTimer drains what is due), so Change never fires synchronously.
    private void ArmLocked()
    {
        while (_waiting.TryPeek(out var key, out var due))
        {
            if (_dueAt.TryGetValue(key, out var current) && current == due)
            {
                if (due != _armedFor)
                {
                    _armedFor = due;
                    var wait = TimeSpan.FromTicks(Math.Max(1, due - _timeProvider.GetUtcNow().UtcTicks));
                    _timer.Change(wait, Timeout.InfiniteTimeSpan);
                }

                return;
            }

            _waiting.Dequeue();
        }

        _armedFor = long.MaxValue;
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }
}
