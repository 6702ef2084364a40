using Microsoft.Extensions.Logging;
using NodeLocalDns.Controllers.Reconcile;

namespace NodeLocalDns.Controllers;

/// <summary>
/// The controller's log lines, source-generated with stable event IDs 120-139.
/// </summary>
internal static partial class ControllerLog
{
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
}
