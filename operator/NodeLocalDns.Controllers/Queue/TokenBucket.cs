namespace NodeLocalDns.Controllers.Queue;

/// <summary>
/// A token bucket that hands out reservations, like Go's <c>rate.Limiter.Reserve</c>: a reservation is never
/// refused, it tells how long to wait; the balance may go negative, so a burst of reservations is spread out at
/// the sustained rate. Not thread-safe: <see cref="WorkQueue{T}"/> calls it under its own lock.
/// </summary>
internal sealed class TokenBucket(double perSecond, int burst, TimeProvider timeProvider)
{
    private double _tokens = burst;
    private long _last = timeProvider.GetTimestamp();

    /// <summary>Takes one token and returns how long its holder must wait for it to exist.</summary>
    public TimeSpan Reserve()
    {
        var now = timeProvider.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + (timeProvider.GetElapsedTime(_last, now).TotalSeconds * perSecond));
        _last = now;
        _tokens -= 1;
        return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / perSecond);
    }
}
