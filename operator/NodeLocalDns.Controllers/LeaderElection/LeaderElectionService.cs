using System.Diagnostics.CodeAnalysis;
using k8s;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Controllers.Resilience;

namespace NodeLocalDns.Controllers.LeaderElection;

/// <summary>
/// Runs work only while this replica holds a Lease, using <see cref="LeaseElector"/> (client-go's algorithm).
/// <para><b>Flow:</b> <see cref="RunAsync"/> yields at once (so a host calling it from a start method is never
/// blocked), then tries to acquire the lease every <see cref="LeaderElectionOptions.RetryPeriod"/>. On acquiring
/// it starts the work (typically: run the <see cref="Controller"/>, which starts its informers) with a token that
/// is cancelled the moment leadership ends. It keeps renewing; when renewal fails for
/// <see cref="LeaderElectionOptions.RenewDeadline"/>, or the lease shows another holder, it cancels the work, waits
/// for it to stop, and returns <see cref="LeadershipOutcome.LeadershipLost"/>.</para>
/// <para><b>Guarantees:</b> the work runs at most once per call and never after <see cref="RunAsync"/> returns; a
/// replica that lost leadership does not try to lead again in the same call: the host should exit (the operator's
/// worker does), so a restarted process begins with fresh caches, as client-go controllers do
/// (<c>OnStoppedLeading: klog.Fatal</c>). Failures before leading (API errors while acquiring) are
/// retried.</para>
/// <para><b>Caveats:</b> leader election bounds, but does not eliminate, overlap: a leader that is partitioned from
/// the API server stops after RenewDeadline, while a standby may take over after LeaseDuration from the last
/// renewal, so writes already in flight can overlap by the clock skew between nodes. Writes that use
/// resourceVersion preconditions or server-side apply stay safe regardless. <see cref="LeaseElector"/> measures
/// lease expiry with the process's monotonic clock, so this class does not take a <see cref="TimeProvider"/>.</para>
/// </summary>
public sealed class LeaderElectionService
{
    private readonly IKubernetes _client;
    private readonly LeaderElectionOptions _options;
    private readonly ILogger _logger;
    private volatile bool _leading;

    /// <summary>Creates the service; nothing happens until <see cref="RunAsync"/>.</summary>
    public LeaderElectionService(IKubernetes client, LeaderElectionOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _client = client;
        _options = options;
        _logger = logger;
    }

    /// <summary>This replica's identity in the Lease.</summary>
    public string Identity => _options.Identity;

    /// <summary>True while this replica holds the lease and its work runs.</summary>
    public bool IsLeader => _leading;

    /// <summary>Campaigns for the lease and runs <paramref name="whileLeading"/> while holding it; see the class remarks.</summary>
    /// <param name="whileLeading">The leader's work; its token is cancelled when leadership ends or the caller cancels.</param>
    /// <param name="cancellationToken">Stops campaigning, or stops the work and (optionally) releases the lease.</param>
    public async Task<LeadershipOutcome> RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(whileLeading);

        // Never block the caller: a hosted service's StartAsync that waits for leadership would keep the host (and
        // its health endpoints) from starting on every standby replica (dotnet/runtime#36063, KubeOps's note).
        await Task.Yield();

        var elector = new LeaseElector(_client, _options);
        using var electorStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var term = new Term(this, whileLeading, electorStop);
        elector.OnStartedLeading += term.Start;
        elector.OnStoppedLeading += term.Stop;
        elector.OnNewLeader += leader => LeaderElectionLog.NewLeader(_logger, _options.LeaseNamespace, _options.LeaseName, leader);
        elector.OnError += error =>
        {
            // The elector reports the 404 of a Lease that does not exist yet before creating it: expected once.
            if (ApiErrors.IsNotFound(error))
            {
                LeaderElectionLog.LeaseMissing(_logger, _options.LeaseNamespace, _options.LeaseName);
            }
            else
            {
                LeaderElectionLog.LeaderElectionError(_logger, _options.LeaseName, error.Message);
            }
        };

        LeaderElectionLog.Campaigning(_logger, _options.LeaseNamespace, _options.LeaseName, _options.Identity);
        // The elector's renew loop has ended when this returns, so no renew still in flight can write this replica
        // back as the holder after the release below.
        await CampaignAsync(elector, term, electorStop.Token).ConfigureAwait(false);

        term.Stop();
        await term.WaitAsync().ConfigureAwait(false);
        _leading = false;

        var outcome = cancellationToken.IsCancellationRequested ? LeadershipOutcome.Cancelled
            : term.WorkEnded ? LeadershipOutcome.WorkEnded
            : LeadershipOutcome.LeadershipLost;

        // After a lost lease there is nothing of ours to release; otherwise the work has stopped and a standby can
        // start now rather than after the lease runs out. Stopped while acquiring, the server may have taken the
        // elector's write without its answer arriving: the lease then names this replica though it never led, so it
        // is released too (ReleaseAsync touches it only while it names this replica).
        if (_options.ReleaseOnCancel && outcome != LeadershipOutcome.LeadershipLost)
        {
            await ReleaseAsync().ConfigureAwait(false);
        }

        if (outcome == LeadershipOutcome.Cancelled)
        {
            return outcome;
        }

        LeaderElectionLog.LeadershipEnded(_logger, _options.LeaseName, outcome);
        return outcome;
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "Errors while campaigning are retried; after leading, any failure ends leadership.")]
    private async Task CampaignAsync(LeaseElector elector, Term term, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await elector.RunUntilLeadershipLostAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (!term.Started)
            {
                LeaderElectionLog.LeaderElectionError(_logger, _options.LeaseName, error.Message);
                try
                {
                    await Task.Delay(_options.RetryPeriod, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception error)
            {
                LeaderElectionLog.LeaderElectionError(_logger, _options.LeaseName, error.Message);
                return;
            }
        }
    }

    // Empties the holder, as client-go's ReleaseOnCancel does, so a standby's next attempt succeeds at once (an empty
    // holder is "not held"). Only after the work stopped, and only if the lease is still ours: the update carries the
    // resourceVersion just read, so it cannot overwrite a successor.
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Best effort: if the release fails, the lease simply expires.")]
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(_options.RenewDeadline);
        try
        {
            // A renew the elector sent just before it stopped can reach the server after the release and write this
            // replica back (the lock's update carries no precondition); look again shortly and release once more.
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(
                    _options.LeaseName, _options.LeaseNamespace, cancellationToken: timeout.Token).ConfigureAwait(false);
                if (lease.Spec?.HolderIdentity != _options.Identity)
                {
                    return;
                }

                lease.Spec.HolderIdentity = string.Empty;
                lease.Spec.LeaseDurationSeconds = 1;
                await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(
                    lease, _options.LeaseName, _options.LeaseNamespace, cancellationToken: timeout.Token).ConfigureAwait(false);
                LeaderElectionLog.LeaseReleased(_logger, _options.LeaseNamespace, _options.LeaseName);
                await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception error)
        {
            LeaderElectionLog.LeaderElectionError(_logger, _options.LeaseName, error.Message);
        }
    }

    /// <summary>One term of leadership: the work's task and the token that ends it.</summary>
    private sealed class Term(LeaderElectionService owner, Func<CancellationToken, Task> work, CancellationTokenSource electorStop)
    {
        private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(electorStop.Token);
        private Task _running = Task.CompletedTask;

        public bool Started { get; private set; }

        public bool WorkEnded { get; private set; }

        // Called by the elector on its loop; must return at once.
        public void Start()
        {
            if (Started)
            {
                return;
            }

            Started = true;
            owner._leading = true;
            LeaderElectionLog.StartedLeading(owner._logger, owner._options.LeaseNamespace, owner._options.LeaseName, owner._options.Identity);
            _running = RunAsync();
        }

        public void Stop()
        {
            owner._leading = false;
            if (!_stop.IsCancellationRequested)
            {
                _stop.Cancel();
            }
        }

        public async Task WaitAsync()
        {
            await _running.ConfigureAwait(false);
            _stop.Dispose();
        }

        [SuppressMessage("Design", "CA1031:Do not catch general exception types",
            Justification = "Whatever the work throws ends leadership; it is logged, not rethrown on the elector's thread.")]
        private async Task RunAsync()
        {
            var token = _stop.Token;
            try
            {
                await Task.Run(() => work(token), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
            }
            catch (Exception error)
            {
                LeaderElectionLog.LeaderWorkFailed(owner._logger, owner._options.LeaseName, error);
            }

            if (!token.IsCancellationRequested)
            {
                // The work is over while we still lead: give up the lease renewal too, and let the host decide.
                WorkEnded = true;
                owner._leading = false;
                await electorStop.CancelAsync().ConfigureAwait(false);
            }
        }
    }
}
