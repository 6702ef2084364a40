using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NodeLocalDns.Operator.Runtime;

/// <summary>
/// Hosts a <see cref="LeaderElectionService"/>: campaigns in the background (the host's start is never held up by
/// a standby replica waiting for the lease), runs the leader's work while leading, and stops the whole application
/// when leadership is lost or the work ends by itself, so the Deployment restarts the pod with fresh state instead of
/// a replica that might keep writing.
/// </summary>
public sealed class LeaderElectionHostedService : BackgroundService
{
    private readonly LeaderElectionService election;
    private readonly Func<CancellationToken, Task> whileLeading;
    private readonly IHostApplicationLifetime lifetime;
    private readonly ILogger logger;

    /// <summary>Creates the service.</summary>
    /// <param name="election">The lease to campaign for.</param>
    /// <param name="whileLeading">The leader's work, e.g. <c>controller.RunAsync</c>.</param>
    /// <param name="lifetime">Used to stop the application when leadership ends.</param>
    /// <param name="logger">Where to log.</param>
    public LeaderElectionHostedService(LeaderElectionService election, Func<CancellationToken, Task> whileLeading, IHostApplicationLifetime lifetime, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(election);
        ArgumentNullException.ThrowIfNull(whileLeading);
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(logger);
        this.election = election;
        this.whileLeading = whileLeading;
        this.lifetime = lifetime;
        this.logger = logger;
    }

    /// <summary>The outcome of the campaign once it has ended; null while it runs.</summary>
    public LeadershipOutcome? Outcome { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var outcome = await election.RunAsync(whileLeading, stoppingToken).ConfigureAwait(false);
        Outcome = outcome;
        if (outcome != LeadershipOutcome.Cancelled)
        {
            RuntimeLog.StoppingHost(logger, outcome);
            lifetime.StopApplication();
        }
    }
}
