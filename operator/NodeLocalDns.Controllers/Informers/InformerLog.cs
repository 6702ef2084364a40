using Microsoft.Extensions.Logging;

namespace NodeLocalDns.Controllers.Informers;

/// <summary>
/// The informers' and stores' log lines, source-generated with stable event IDs 100-119 (the controller has
/// 120-139, leader election 140-159, API retries 160-169).
/// </summary>
internal static partial class InformerLog
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

    [LoggerMessage(108, LogLevel.Warning, "{Source}: {Key} at resourceVersion {ResourceVersion} does not decode and is set aside until it does: {Error}")]
    public static partial void Quarantined(ILogger logger, string source, Reconcile.ObjectKey key, string? resourceVersion, string error);

    [LoggerMessage(107, LogLevel.Error, "An event handler for {Kind} failed on {EventType}")]
    public static partial void HandlerFailed(ILogger logger, string kind, InformerEventType eventType, Exception exception);
}
