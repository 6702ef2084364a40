using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using NodeLocalDns.Controllers.LeaderElection;

namespace NodeLocalDns.Operator.Hosting;

/// <summary>
/// The process behind <c>nodelocal-operator run</c>: logging, the operator worker, and <c>/healthz</c>, <c>/readyz</c> and
/// <c>/metrics</c> over HTTP for the Deployment's probes and Prometheus (<see cref="ProbeServer"/>). No web framework
/// and no dependency-injection container: the operator's whole idle footprint is the runtime, the Kubernetes client and
/// its caches (operator/README.md, "Memory and start-up").
/// </summary>
public sealed class OperatorHost : IAsyncDisposable
{
    /// <summary>The environment variable the chart sets for the log level (ASP.NET Core's spelling, kept for existing installs).</summary>
    public const string LogLevelVariable = "Logging__LogLevel__Default";

    private readonly OperatorRunOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly OperatorWorker _worker;
    private readonly CancellationTokenSource _stop = new();
    private ProbeServer? _probes;

    private OperatorHost(OperatorRunOptions options, IKubernetes client, ILoggerFactory loggers)
    {
        _options = options;
        _loggers = loggers;
        State = new OperatorState();
        _worker = new OperatorWorker(client, options, State, loggers);
    }

    /// <summary>What <c>/readyz</c> reports.</summary>
    public OperatorState State { get; }

    /// <summary>Where the probes and metrics are served, once <see cref="RunAsync"/> has started.</summary>
    public IReadOnlyList<Uri> Urls => _probes?.Urls ?? [];

    /// <summary>How leader election ended; null while it runs and without leader election.</summary>
    public LeadershipOutcome? Outcome => _worker.Outcome;

    /// <summary>A host for <paramref name="options"/>, talking to <paramref name="client"/> (default: from <see cref="KubernetesClientFactory"/>).</summary>
    public static OperatorHost Build(OperatorRunOptions options, IKubernetes? client = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var loggers = CreateLoggers(options.LogFormat, Environment.GetEnvironmentVariable(LogLevelVariable));
        return new OperatorHost(options, client ?? new Kubernetes(KubernetesClientFactory.Configuration(options.Kubeconfig)), loggers);
    }

    /// <summary>Console logs, one line each: text, or one JSON object per line for log collectors.</summary>
    public static ILoggerFactory CreateLoggers(LogFormat format, string? level) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(Enum.TryParse<LogLevel>(level, ignoreCase: true, out var minimum) ? minimum : LogLevel.Information);
        if (format == LogFormat.Json)
        {
            builder.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
                o.IncludeScopes = true;
            });
        }
        else
        {
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
    });

    /// <summary>
    /// Serves the probes and runs the operator until <paramref name="cancellationToken"/> or <see cref="StopAsync"/> stops it,
    /// or leadership ends.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var addresses = new[] { _options.MetricsAddress, _options.HealthAddress }.Where(a => a.Length > 0);
        _probes = ProbeServer.Start(addresses, State, _loggers.CreateLogger<ProbeServer>());
        using var trimmer = new MemoryTrimmer(TimeProvider.System);
        try
        {
            await _worker.RunAsync(stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            await _probes.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Asks a running host to stop (release the Lease, finish the reconcile in flight).</summary>
    public Task StopAsync() => _stop.CancelAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _stop.Dispose();
        _loggers.Dispose();
    }
}
