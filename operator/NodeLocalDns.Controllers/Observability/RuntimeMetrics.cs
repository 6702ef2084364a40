using Prometheus;

namespace NodeLocalDns.Controllers.Observability;

/// <summary>
/// A controller's Prometheus series, named as controller-runtime names them so existing dashboards and alerts
/// apply: <c>controller_runtime_reconcile_total{controller,result}</c> (result: success, error, requeue_after),
/// <c>controller_runtime_reconcile_errors_total</c>, <c>controller_runtime_terminal_reconcile_errors_total</c>,
/// <c>controller_runtime_reconcile_time_seconds</c>, <c>controller_runtime_active_workers</c>, and
/// <c>workqueue_depth{name}</c> / <c>workqueue_retries_total{name}</c>.
/// Every series exists with value zero from construction (controller-runtime's initMetrics), so a rate() or an
/// absent() alert works before the first reconcile.
/// </summary>
public sealed class RuntimeMetrics
{
    /// <summary>Reconcile outcome label values.</summary>
    internal const string Success = "success";
    internal const string Error = "error";
    internal const string RequeueAfter = "requeue_after";

    private readonly Counter.Child _success;
    private readonly Counter.Child _error;
    private readonly Counter.Child _requeueAfter;

    /// <summary>Creates (or, for the same name, reuses) the series of controller <paramref name="controller"/>.</summary>
    /// <param name="controller">The <c>controller</c> and <c>name</c> label value.</param>
    /// <param name="factory">Where to register; null for the default registry (<c>Metrics.DefaultFactory</c>).</param>
    public RuntimeMetrics(string controller, IMetricFactory? factory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(controller);
        factory ??= Metrics.DefaultFactory;
        string[] controllerLabel = ["controller"];
        var total = factory.CreateCounter("controller_runtime_reconcile_total", "Total number of reconciliations per controller.", ["controller", "result"]);
        _success = total.WithLabels(controller, Success);
        _error = total.WithLabels(controller, Error);
        _requeueAfter = total.WithLabels(controller, RequeueAfter);
        Errors = factory.CreateCounter(
            "controller_runtime_reconcile_errors_total",
            "Total number of reconciliation errors per controller.",
            controllerLabel).WithLabels(controller);
        TerminalErrors = factory.CreateCounter(
            "controller_runtime_terminal_reconcile_errors_total",
            "Total number of terminal reconciliation errors per controller.",
            controllerLabel).WithLabels(controller);
        Duration = factory.CreateHistogram(
            "controller_runtime_reconcile_time_seconds",
            "Length of time per reconciliation per controller.",
            controllerLabel,
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) }).WithLabels(controller);
        ActiveWorkers = factory.CreateGauge(
            "controller_runtime_active_workers",
            "Number of currently used workers per controller.",
            controllerLabel).WithLabels(controller);
        QueueDepth = factory.CreateGauge("workqueue_depth", "Current depth of workqueue.", ["name"]).WithLabels(controller);
        Retries = factory.CreateCounter("workqueue_retries_total", "Total number of retries handled by workqueue.", ["name"]).WithLabels(controller);
    }

    internal Counter.Child Errors { get; }

    internal Counter.Child TerminalErrors { get; }

    internal Histogram.Child Duration { get; }

    internal Gauge.Child ActiveWorkers { get; }

    internal Gauge.Child QueueDepth { get; }

    internal Counter.Child Retries { get; }

    internal void CountResult(string result) => (result switch
    {
        Success => _success,
        RequeueAfter => _requeueAfter,
        _ => _error,
    }).Inc();
}
