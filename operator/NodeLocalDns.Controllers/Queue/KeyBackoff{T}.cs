namespace NodeLocalDns.Controllers.Queue;

/// <summary>
/// Per-key exponential failure backoff (client-go's ItemExponentialFailureRateLimiter): the n-th consecutive
/// failure of a key waits <c>base * 2^(n-1)</c>, capped at a maximum, until <see cref="Forget"/>.
/// Not thread-safe: <see cref="WorkQueue{T}"/> calls it under its own lock.
/// </summary>
internal sealed class KeyBackoff<T>(TimeSpan baseDelay, TimeSpan maxDelay)
    where T : notnull
{
    private readonly Dictionary<T, int> _failures = [];

    /// <summary>Records a failure of <paramref name="key"/> and returns how long to wait before retrying it.</summary>
    public TimeSpan Next(T key)
    {
        _failures.TryGetValue(key, out var count);
        _failures[key] = count + 1;

        // Doubles, so compute in floating point: 2^count overflows long arithmetic long before the cap matters.
        var ticks = baseDelay.Ticks * Math.Pow(2, count);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Consecutive failures recorded for <paramref name="key"/>.</summary>
    public int Failures(T key) => _failures.GetValueOrDefault(key);

    /// <summary>Clears <paramref name="key"/>'s history: its next failure starts again at the base delay.</summary>
    public void Forget(T key) => _failures.Remove(key);
}
