using Microsoft.Extensions.Logging;

namespace NodeLocalDns.Controllers.LeaderElection;

/// <summary>
/// Leader election's log lines, source-generated with stable event IDs 140-159.
/// </summary>
internal static partial class LeaderElectionLog
{
    [LoggerMessage(140, LogLevel.Information, "Campaigning for lease {Namespace}/{Lease} as {Identity}")]
    public static partial void Campaigning(ILogger logger, string @namespace, string lease, string identity);

    [LoggerMessage(141, LogLevel.Information, "Acquired lease {Namespace}/{Lease} as {Identity}; leading")]
    public static partial void StartedLeading(ILogger logger, string @namespace, string lease, string identity);

    [LoggerMessage(142, LogLevel.Information, "Lease {Namespace}/{Lease} is held by {Leader}")]
    public static partial void NewLeader(ILogger logger, string @namespace, string lease, string leader);

    [LoggerMessage(143, LogLevel.Warning, "Leader election on lease {Lease}: {Reason}")]
    public static partial void LeaderElectionError(ILogger logger, string lease, string reason);

    [LoggerMessage(144, LogLevel.Warning, "Leadership of lease {Lease} ended: {Outcome}")]
    public static partial void LeadershipEnded(ILogger logger, string lease, LeadershipOutcome outcome);

    [LoggerMessage(145, LogLevel.Error, "The leader's work on lease {Lease} failed")]
    public static partial void LeaderWorkFailed(ILogger logger, string lease, Exception exception);

    [LoggerMessage(146, LogLevel.Information, "Released lease {Namespace}/{Lease}")]
    public static partial void LeaseReleased(ILogger logger, string @namespace, string lease);

    [LoggerMessage(148, LogLevel.Debug, "Lease {Namespace}/{Lease} does not exist yet; creating it")]
    public static partial void LeaseMissing(ILogger logger, string @namespace, string lease);
}
