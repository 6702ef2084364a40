using NodeLocalDns.Controllers.Queue;

namespace NodeLocalDns.Controllers;

/// <summary>Settings of a <see cref="Controller"/>; defaults as controller-runtime's, except the resync.</summary>
public sealed class ControllerOptions
{
    /// <summary>Reconciles running at once (different keys; one key never runs twice at once). Default 1.</summary>
    public int Workers { get; set; } = 1;

    /// <summary>
    /// How often every primary key is reconciled even without events, as a safety net against missed events and
    /// drift nothing reports; null turns it off. Default 10 min.
    /// </summary>
    public TimeSpan? ResyncPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long <see cref="Controller.RunAsync"/> waits for every informer's first list before giving up. Default 2 min.</summary>
    public TimeSpan CacheSyncTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retry spacing for failed reconciles.</summary>
    public WorkQueueOptions Queue { get; set; } = new();
}
