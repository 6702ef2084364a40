namespace NodeLocalDns.Controllers.Queue;

/// <summary>
/// A token bucket that hands out reservations, like Go's <c>rate.Limiter.Reserve</c>: a reservation is never
/// refused, it tells how long to wait; the balance may go negative, so a burst of reservations is spread out at
/// the sustained rate. Not thread-safe: <see cref="WorkQueue{T}"/> calls it under its own lock.
/// </summary>
internal sealed class TokenBucket(double perSecond, int burst, TimeProvider timeProvider)
{
    private double tokens = burst;
    private long last = timeProvider.GetTimestamp();

    /// <summary>Takes one token and returns how long its holder must wait for it to exist.</summary>
    public TimeSpan Reserve()
    {
        var now = timeProvider.GetTimestamp();
        tokens = Math.Min(burst, tokens + (timeProvider.GetElapsedTime(last, now).TotalSeconds * perSecond));
        last = now;
        tokens -= 1;
        return tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-tokens / perSecond);
    }
}
