namespace NodeLocalDns.Controllers.LeaderElection;

/// <summary>
/// Settings of a <see cref="LeaderElectionService"/>; the durations default to client-go's (15 s / 10 s / 2 s).
/// A standby takes over at most <see cref="LeaseDuration"/> (plus a retry) after the leader last renewed; the leader
/// gives up after failing to renew for <see cref="RenewDeadline"/>, which is shorter, so it has stopped before
/// anyone else can acquire the lease.
/// </summary>
public sealed class LeaderElectionOptions
{
    /// <summary>Namespace of the Lease object.</summary>
    public required string LeaseNamespace { get; set; }

    /// <summary>Name of the Lease object, e.g. <c>nodelocal-operator-leader</c>.</summary>
    public required string LeaseName { get; set; }

    /// <summary>This replica's identity in the Lease; default <c>{hostname}_{random}</c>, unique per process as client-go's.</summary>
    public string Identity { get; set; } = $"{Environment.MachineName}_{Guid.NewGuid():N}";

    /// <summary>
    /// How long a lease is valid after its last renewal. Default 15 s. The Lease records it in whole seconds
    /// (truncated); electors judge expiry by their own setting, so give every replica the same value.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leadership. Default 10 s.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time between attempts to acquire or renew. Default 2 s.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// On cancellation (shutdown), after the leader's work has stopped, clear the holder in the Lease so a standby
    /// takes over at its next retry instead of waiting out the lease (client-go's ReleaseOnCancel). Default true.
    /// </summary>
    public bool ReleaseOnCancel { get; set; } = true;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(LeaseNamespace);
        ArgumentException.ThrowIfNullOrEmpty(LeaseName);
        ArgumentException.ThrowIfNullOrEmpty(Identity);

        // client-go's checks: the leader must give up before the lease can expire, with room for a jittered retry.
        if (LeaseDuration < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"LeaseDuration must be at least 1 s, the Lease's unit ({LeaseDuration}).");
        }

        if (LeaseDuration <= RenewDeadline || RenewDeadline <= RetryPeriod * 1.2 || RetryPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Need LeaseDuration ({LeaseDuration}) > RenewDeadline ({RenewDeadline}) > 1.2 x RetryPeriod ({RetryPeriod}) > 0.");
        }
    }
}
