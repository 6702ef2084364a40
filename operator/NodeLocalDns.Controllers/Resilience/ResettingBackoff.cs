namespace NodeLocalDns.Controllers.Resilience;

/// <summary>
/// Jittered exponential backoff that starts over after a healthy period (kube-rs <c>ResetTimerBackoff</c>): a
/// failure that comes more than <c>resetAfter</c> after the previous one is treated as the first, so one bad minute
/// a week does not leave the informer at its longest delay for the rest of the week.
/// Not thread-safe: each informer loop owns one.
/// </summary>
internal sealed class ResettingBackoff(TimeSpan initial, TimeSpan max, TimeSpan resetAfter, TimeProvider timeProvider)
{
    private const double JitterFraction = 0.2;
    private int _attempt;
    private long? _lastFailure;

    /// <summary>Records a failure and returns how long to wait before trying again.</summary>
    public TimeSpan Next()
    {
        var now = timeProvider.GetTimestamp();
        if (_lastFailure is { } last && timeProvider.GetElapsedTime(last, now) > resetAfter)
        {
            _attempt = 0;
        }

        _lastFailure = now;
        var ticks = initial.Ticks * Math.Pow(2, _attempt);
        _attempt = Math.Min(_attempt + 1, 62);
        var delay = ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
        return Jitter.Spread(delay, JitterFraction);
    }
}
