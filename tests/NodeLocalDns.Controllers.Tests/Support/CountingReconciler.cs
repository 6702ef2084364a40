using System.Collections.Concurrent;
using NodeLocalDns.Controllers.Reconcile;

namespace NodeLocalDns.Controllers.Tests.Support;

/// <summary>
/// A reconciler for controller tests: counts calls per key, records when they happened and what they saw, detects
/// two reconciles of one key at once, and does whatever <see cref="Behaviour"/> says (default: succeed).
/// </summary>
internal sealed class CountingReconciler : IReconciler
{
    private readonly ConcurrentDictionary<ObjectKey, int> _inFlight = new();
    private readonly ConcurrentQueue<Call> _calls = new();
    private int _overlaps;

    /// <summary>What a reconcile does, given its key and its 1-based call number for that key.</summary>
    public Func<ObjectKey, int, CancellationToken, Task<ReconcileResult>> Behaviour { get; set; } =
        (_, _, _) => Task.FromResult(ReconcileResult.Done);

    /// <summary>Read at the start of each reconcile and recorded with the call (e.g. the cached object's content).</summary>
    public Func<ObjectKey, string?> Observe { get; set; } = _ => null;

    public int Overlaps => Volatile.Read(ref _overlaps);

    public IReadOnlyList<Call> Calls => [.. _calls];

    public int CountFor(ObjectKey key) => _calls.Count(c => c.Key == key);

    public IReadOnlyList<Call> CallsFor(ObjectKey key) => [.. _calls.Where(c => c.Key == key)];

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (_inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        try
        {
            var number = _calls.Count(c => c.Key == key) + 1;
            _calls.Enqueue(new Call(key, DateTimeOffset.UtcNow, Observe(key)));
            return await Behaviour(key, number, cancellationToken);
        }
        finally
        {
            _inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
        }
    }

    internal sealed record Call(ObjectKey Key, DateTimeOffset At, string? Saw);
}
