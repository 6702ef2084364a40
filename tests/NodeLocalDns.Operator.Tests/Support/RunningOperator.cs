using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodeLocalDns.Controllers.LeaderElection;
using NodeLocalDns.Operator.Hosting;

namespace NodeLocalDns.Operator.Tests.Support;

/// <summary>The whole operator (informers, controller, optional leader election, HTTP endpoints) running in process against a test cluster.</summary>
internal sealed class RunningOperator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Task _run;
    private readonly OperatorWorker _worker;
    private bool _disposed;

    private RunningOperator(WebApplication app, WriteCountingHandler writes)
    {
        _app = app;
        _worker = app.Services.GetServices<IHostedService>().OfType<OperatorWorker>().Single();
        Writes = writes;
        _run = app.RunAsync();
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
    public LeadershipOutcome? Outcome => _worker.Outcome;

    public Uri Address => new(_app.Urls.First());

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await _run.WaitAsync(TimeSpan.FromSeconds(20));
        await _app.DisposeAsync();
    }
}
