using Microsoft.Extensions.Logging;

namespace NodeLocalDns.Operator.Runtime;

/// <summary>
/// Every log line of the controller runtime, source-generated with stable event IDs: 100-119 informers and stores,
/// 120-139 the controller, 140-159 leader election, 160-169 API retries.
/// </summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(100, LogLevel.Debug, "Informer for {Source} starting")]
    public static partial void InformerStarting(ILogger logger, string source);

    [LoggerMessage(101, LogLevel.Information, "Listed {Count} {Source} at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string source, int count, string resourceVersion);

    [LoggerMessage(102, LogLevel.Debug, "Watch of {Source} ended at resourceVersion {ResourceVersion}; watching again")]
    public static partial void WatchEnded(ILogger logger, string source, string? resourceVersion);

    [LoggerMessage(103, LogLevel.Warning, "Watch of {Source} ended at once without events; retrying in {Delay}")]
    public static partial void WatchEndedEarly(ILogger logger, string source, TimeSpan delay);

    [LoggerMessage(104, LogLevel.Information, "Watch of {Source} is too old ({Reason}); relisting")]
    public static partial void Relisting(ILogger logger, string source, string reason);

    [LoggerMessage(105, LogLevel.Warning, "List/watch of {Source} failed at resourceVersion {ResourceVersion}; retrying in {Delay}")]
    public static partial void ListWatchFailed(ILogger logger, string source, string? resourceVersion, TimeSpan delay, Exception exception);

    [LoggerMessage(106, LogLevel.Debug, "Informer for {Source} stopped")]
    public static partial void InformerStopped(ILogger logger, string source);

    [LoggerMessage(107, LogLevel.Error, "An event handler for {Kind} failed on {EventType}")]
    public static partial void HandlerFailed(ILogger logger, string kind, InformerEventType eventType, Exception exception);

    [LoggerMessage(120, LogLevel.Information, "Controller {Controller} starting; watching {Sources}")]
    public static partial void ControllerStarting(ILogger logger, string controller, string sources);

    [LoggerMessage(121, LogLevel.Information, "Controller {Controller} caches synced; starting {Workers} workers")]
    public static partial void ControllerStarted(ILogger logger, string controller, int workers);

    [LoggerMessage(122, LogLevel.Information, "Controller {Controller} stopped")]
    public static partial void ControllerStopped(ILogger logger, string controller);

    [LoggerMessage(123, LogLevel.Debug, "Controller {Controller} reconciling {Key}")]
    public static partial void Reconciling(ILogger logger, string controller, ObjectKey key);

    [LoggerMessage(124, LogLevel.Debug, "Controller {Controller} reconciled {Key}")]
    public static partial void Reconciled(ILogger logger, string controller, ObjectKey key);

    [LoggerMessage(125, LogLevel.Debug, "Controller {Controller} reconciled {Key}; again in {Delay}")]
    public static partial void ReconciledRequeueAfter(ILogger logger, string controller, ObjectKey key, TimeSpan delay);

    [LoggerMessage(126, LogLevel.Error, "Controller {Controller} failed to reconcile {Key} (attempt {Attempt}); retrying in {Delay}")]
    public static partial void ReconcileFailed(ILogger logger, string controller, ObjectKey key, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(127, LogLevel.Error, "Controller {Controller} cannot reconcile {Key} and will not retry until it changes: {Reason}")]
    public static partial void ReconcileTerminal(ILogger logger, string controller, ObjectKey key, string reason, Exception exception);

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

    [LoggerMessage(160, LogLevel.Warning, "API call failed (HTTP {StatusCode}: {Reason}); attempt {Attempt} in {Delay}")]
    public static partial void ApiRetry(ILogger logger, int attempt, TimeSpan delay, int? statusCode, string reason);
}
