namespace NodeLocalDns.Controllers.Resilience;

/// <summary>How <see cref="ApiResilience.CreatePipeline"/> retries transient API errors.</summary>
public sealed class ApiRetryOptions
{
    /// <summary>Retries after the first attempt. Default 5.</summary>
    public int MaxRetryAttempts { get; set; } = 5;

    /// <summary>The first retry's delay; later ones grow exponentially, with jitter. Default 200 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay, including one asked for by Retry-After. Default 10 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);
}
