namespace NodeLocalDns.Controllers.Queue;

/// <summary>
/// How a <see cref="WorkQueue{T}"/> spaces out retries. The defaults follow client-go's default controller rate
/// limiter (per-key exponential backoff combined with an overall token bucket), with the per-key cap lowered from
/// 1000 s to 5 min so a key that was broken for a while is retried within minutes of being fixed.
/// </summary>
public sealed class WorkQueueOptions
{
    /// <summary>The delay before a key's first retry; each further failure doubles it. Default 5 ms.</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The longest per-key retry delay. Default 5 min.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The sustained rate of retries over all keys together (a token bucket), so that many keys failing at once
    /// cannot hammer the API server; null turns the bucket off. Default 10 per second, as in client-go.
    /// </summary>
    public double? OverallRetriesPerSecond { get; set; } = 10;

    /// <summary>How many retries the bucket lets through at once before <see cref="OverallRetriesPerSecond"/> applies. Default 100.</summary>
    public int OverallRetryBurst { get; set; } = 100;

    internal void Validate()
    {
        if (BaseRetryDelay <= TimeSpan.Zero || MaxRetryDelay < BaseRetryDelay)
        {
            throw new ArgumentException($"Need 0 < BaseRetryDelay ({BaseRetryDelay}) <= MaxRetryDelay ({MaxRetryDelay}).");
        }

        if (OverallRetriesPerSecond is { } rate && (rate <= 0 || OverallRetryBurst < 1))
        {
            throw new ArgumentException($"Need OverallRetriesPerSecond > 0 ({rate}) and OverallRetryBurst >= 1 ({OverallRetryBurst}).");
        }
    }
}
