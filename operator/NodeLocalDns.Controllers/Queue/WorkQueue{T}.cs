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
    private readonly Lock gate = new();
    private readonly Queue<T> queue = new();
    private readonly HashSet<T> dirty = [];
    private readonly HashSet<T> processing = [];

    // One permit per entry in `queue`, so a waiter that gets a permit always finds a key (except after shutdown).
    private readonly SemaphoreSlim available = new(0);
    private readonly CancellationTokenSource shutdown = new();

    // Delayed keys: a heap by due time plus the authoritative due time per key. Moving a key earlier leaves its old
    // heap entry behind; entries whose time no longer matches `dueAt` are stale and skipped.
    private readonly PriorityQueue<T, long> waiting = new();
    private readonly Dictionary<T, long> dueAt = [];
    private readonly ITimer timer;
    private long armedFor = long.MaxValue;

    private readonly TimeProvider timeProvider;
    private readonly KeyBackoff<T> backoff;
    private readonly TokenBucket? bucket;
    private readonly Action<int>? lengthChanged;
    private bool shuttingDown;

    /// <summary>Creates a queue.</summary>
    /// <param name="options">Retry spacing; null for the defaults.</param>
    /// <param name="timeProvider">The clock for delays and backoff; null for the system clock.</param>
    /// <param name="lengthChanged">Called with the new <see cref="Length"/> whenever it changes (a depth gauge); it
    /// runs under the queue's lock, so it must be quick and must not call back into the queue.</param>
    public WorkQueue(WorkQueueOptions? options = null, TimeProvider? timeProvider = null, Action<int>? lengthChanged = null)
    {
        options ??= new WorkQueueOptions();
        options.Validate();
        this.timeProvider = timeProvider ?? TimeProvider.System;
        this.lengthChanged = lengthChanged;
        backoff = new KeyBackoff<T>(options.BaseRetryDelay, options.MaxRetryDelay);
        if (options.OverallRetriesPerSecond is { } rate)
        {
            bucket = new TokenBucket(rate, options.OverallRetryBurst, this.timeProvider);
        }

        // The timer would otherwise capture whatever ExecutionContext (log scopes, activities) the first caller had.
        using (ExecutionContext.SuppressFlow())
        {
            timer = this.timeProvider.CreateTimer(static state => ((WorkQueue<T>)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Keys ready to be taken (not counting keys being processed or waiting for a delay).</summary>
    public int Length
    {
        get
        {
            lock (gate)
            {
                return queue.Count;
            }
        }
    }

    /// <summary>Keys waiting for their <see cref="AddAfter"/> or <see cref="AddRateLimited"/> delay.</summary>
    public int WaitingCount
    {
        get
        {
            lock (gate)
            {
                return dueAt.Count;
            }
        }
    }

    /// <summary>True once <see cref="ShutDown"/> was called.</summary>
    public bool IsShuttingDown
    {
        get
        {
            lock (gate)
            {
                return shuttingDown;
            }
        }
    }

    /// <summary>Queues <paramref name="key"/> unless it is already queued; a key being processed is queued again after <see cref="Done"/>.</summary>
    public void Add(T key)
    {
        lock (gate)
        {
            AddLocked(key);
        }
    }

    /// <summary>Adds <paramref name="key"/> once <paramref name="delay"/> has passed (at once if it is not positive).</summary>
    public void AddAfter(T key, TimeSpan delay)
    {
        lock (gate)
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
        lock (gate)
        {
            var delay = backoff.Next(key);
            if (bucket?.Reserve() is { } overall && overall > delay)
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
        lock (gate)
        {
            backoff.Forget(key);
        }
    }

    /// <summary>How many times <paramref name="key"/> was rate-limited since it was last forgotten.</summary>
    public int NumRequeues(T key)
    {
        lock (gate)
        {
            return backoff.Failures(key);
        }
    }

    /// <summary>
    /// Waits for a key and marks it as being processed. Returns <c>ShutDown = true</c> (and a default key) once the
    /// queue is shut down, including for callers already waiting.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<(T Key, bool ShutDown)> GetAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (shuttingDown)
            {
                return (default!, true);
            }
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shutdown.Token);
        while (true)
        {
            try
            {
                await available.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (default!, true);
            }

            lock (gate)
            {
                if (shuttingDown)
                {
                    return (default!, true);
                }

                if (queue.TryDequeue(out var key))
                {
                    processing.Add(key);
                    dirty.Remove(key);
                    lengthChanged?.Invoke(queue.Count);
                    return (key, false);
                }
            }
        }
    }

    /// <summary>Ends processing of <paramref name="key"/>; if it was added meanwhile, it is queued again now.</summary>
    public void Done(T key)
    {
        lock (gate)
        {
            processing.Remove(key);
            if (!shuttingDown && dirty.Contains(key))
            {
                Enqueue(key);
            }
        }
    }

    /// <summary>Stops the queue: later adds are ignored, waiting and queued keys are dropped, and every <see cref="GetAsync"/> returns.</summary>
    public void ShutDown()
    {
        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            shuttingDown = true;
            queue.Clear();
            dirty.Clear();
            waiting.Clear();
            dueAt.Clear();
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            lengthChanged?.Invoke(0);
        }

        shutdown.Cancel();
    }

    /// <summary>Shuts the queue down and releases its timer. Call it after the workers have stopped.</summary>
    public void Dispose()
    {
        ShutDown();
        timer.Dispose();
        available.Dispose();
        shutdown.Dispose();
    }

    private void AddLocked(T key)
    {
        if (shuttingDown || !dirty.Add(key) || processing.Contains(key))
        {
            return;
        }

        Enqueue(key);
    }

    private void Enqueue(T key)
    {
        queue.Enqueue(key);
        available.Release();
        lengthChanged?.Invoke(queue.Count);
    }

    private void AddAfterLocked(T key, TimeSpan delay)
    {
        if (shuttingDown)
        {
            return;
        }

        if (delay <= TimeSpan.Zero)
        {
            AddLocked(key);
            return;
        }

        var due = timeProvider.GetUtcNow().UtcTicks + delay.Ticks;
        if (dueAt.TryGetValue(key, out var existing) && existing <= due)
        {
            return;
        }

        dueAt[key] = due;
        waiting.Enqueue(key, due);
        ArmLocked();
    }

    private void OnTimer()
    {
        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            armedFor = long.MaxValue;
            var now = timeProvider.GetUtcNow().UtcTicks;
            while (waiting.TryPeek(out var key, out var due))
            {
                if (!dueAt.TryGetValue(key, out var current) || current != due)
                {
                    waiting.Dequeue();
                    continue;
                }

                if (due > now)
                {
                    break;
                }

                waiting.Dequeue();
                dueAt.Remove(key);
                AddLocked(key);
            }

            ArmLocked();
        }
    }

    // Points the single timer at the earliest live due time. Callers guarantee every live entry is in the future
    // (AddAfter rejects non-positive delays, OnTimer drains what is due), so Change never fires synchronously.
    private void ArmLocked()
    {
        while (waiting.TryPeek(out var key, out var due))
        {
            if (dueAt.TryGetValue(key, out var current) && current == due)
            {
                if (due != armedFor)
                {
                    armedFor = due;
                    var wait = TimeSpan.FromTicks(Math.Max(1, due - timeProvider.GetUtcNow().UtcTicks));
                    timer.Change(wait, Timeout.InfiniteTimeSpan);
                }

                return;
            }

            waiting.Dequeue();
        }

        armedFor = long.MaxValue;
        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }
}
