using k8s;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Controllers.LeaderElection;

namespace NodeLocalDns.Operator.Hosting;

/// <summary>
/// Runs the operator for the life of the process: directly, or only while holding the Lease when leader
/// election is on. A replica that loses the Lease returns with exit code 1, which stops the whole process (its
/// Deployment restarts it as a standby) rather than risk writing beside the new leader.
/// </summary>
internal sealed partial class OperatorWorker(
    IKubernetes client,
    OperatorRunOptions options,
    OperatorState state,
    ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<OperatorWorker>();

    /// <summary>How the run ended; non-null once it has.</summary>
    public LeadershipOutcome? Outcome { get; private set; }

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled or leadership ends.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!options.LeaderElect)
            {
                await RunOperatorAsync(stoppingToken).ConfigureAwait(false);
                return;
            }

            state.Enter("standby");
            var election = new LeaderElectionService(client, ElectionOptions(options), _logger);
            Outcome = await election.RunAsync(RunOperatorAsync, stoppingToken).ConfigureAwait(false);
            if (Outcome != LeadershipOutcome.Cancelled)
            {
                LogStopping(_logger, Outcome.Value);
                Environment.ExitCode = 1;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogFailed(_logger, e);
            Environment.ExitCode = 1;
        }
        finally
        {
            state.Enter("stopped");
        }
    }

    /// <summary>The Lease settings for <paramref name="options"/>; without an identity, the election's own default (host name and a random suffix).</summary>
    internal static LeaderElectionOptions ElectionOptions(OperatorRunOptions options)
    {
        var election = new LeaderElectionOptions
        {
            LeaseNamespace = options.LeaderElectionNamespace,
            LeaseName = options.LeaseName,
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.LeaseDuration * 2 / 3,
            RetryPeriod = options.LeaseDuration * 2 / 15,
        };
        if (options.Identity is { } identity)
        {
            election.Identity = identity;
        }

        return election;
    }

    private async Task RunOperatorAsync(CancellationToken cancellationToken)
    {
        state.Enter("syncing");
        using var nodeLocalDns = new NodeLocalDnsOperator(client, options, loggers, TimeProvider.System);
        state.Watch(() => nodeLocalDns.Problem(options.StuckInformerAfter));
        var run = nodeLocalDns.RunAsync(cancellationToken);
        await Task.WhenAny(run, nodeLocalDns.WaitForSyncAsync(cancellationToken)).ConfigureAwait(false);
        if (!run.IsCompleted)
        {
            state.Enter("running");
        }

        try
        {
            await run.ConfigureAwait(false);
        }
        finally
        {
            state.Watch(null);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Leadership ended ({Outcome}); stopping so that only the leader writes")]
    private static partial void LogStopping(ILogger logger, LeadershipOutcome outcome);

    [LoggerMessage(EventId = 101, Level = LogLevel.Critical, Message = "The operator failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
