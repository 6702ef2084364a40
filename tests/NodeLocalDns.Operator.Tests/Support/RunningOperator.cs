using NodeLocalDns.Controllers.LeaderElection;
using NodeLocalDns.Operator.Hosting;

namespace NodeLocalDns.Operator.Tests.Support;

/// <summary>The whole operator (informers, controller, optional leader election, HTTP endpoints) running in process against a test cluster.</summary>
internal sealed class RunningOperator : IAsyncDisposable
{
    private readonly OperatorHost _host;
    private readonly Task _run;
    private bool _disposed;

    private RunningOperator(OperatorHost host, WriteCountingHandler writes)
    {
        _host = host;
        Writes = writes;
        _run = Task.Run(() => host.RunAsync(CancellationToken.None));
    }

    /// <summary>What this replica's client wrote (leases apart).</summary>
    public WriteCountingHandler Writes { get; }

    public static RunningOperator Start(OperatorTestCluster cluster, bool leaderElect = false, string? identity = null, TimeSpan? stuckInformerAfter = null)
    {
        var options = new OperatorRunOptions
        {
            StuckInformerAfter = stuckInformerAfter ?? TimeSpan.FromSeconds(30),
            LeaderElect = leaderElect,
            Identity = identity,
            LeaseDuration = TimeSpan.FromSeconds(3),
            MetricsAddress = "127.0.0.1:0",
            HealthAddress = string.Empty,
            ResyncPeriod = TimeSpan.FromMinutes(10),
        };
        var writes = new WriteCountingHandler();
        return new RunningOperator(OperatorHost.Build(options, new k8s.Kubernetes(cluster.Server.ClientConfiguration(), writes)), writes);
    }

    public bool Stopped => _run.IsCompleted;

    /// <summary>How the worker's leader election ended; null while it runs (and always without leader election).</summary>
    public LeadershipOutcome? Outcome => _host.Outcome;

    /// <summary>Where the probes and metrics are served (waits a moment for the listener to bind).</summary>
    public Uri Address => SpinWait.SpinUntil(() => _host.Urls.Count > 0, TimeSpan.FromSeconds(10))
        ? _host.Urls[0]
        : throw new InvalidOperationException("the operator never listened");

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _host.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await _run.WaitAsync(TimeSpan.FromSeconds(20));
        await _host.DisposeAsync();
    }
}
