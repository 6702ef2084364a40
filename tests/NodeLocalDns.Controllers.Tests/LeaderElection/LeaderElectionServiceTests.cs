using System.Diagnostics;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NodeLocalDns.Controllers.LeaderElection;
using NodeLocalDns.Controllers.Resilience;
using NodeLocalDns.Controllers.Tests.Support;
using NodeLocalDns.KubeApiServer;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Controllers.Tests.LeaderElection;

/// <summary>Leader election with real LeaderElectors on a Lease in the in-process API server, with short durations.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class LeaderElectionServiceTests
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private TestKubeApiServer _server = null!;
    private Kubernetes _client = null!;
    private readonly List<Candidate> _candidates = [];

    [SetUp]
    public async Task SetUpAsync()
    {
        _server = await TestKubeApiServer.StartAsync();
        _client = _server.CreateClient();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        foreach (var candidate in _candidates)
        {
            await candidate.DisposeAsync();
        }

        _candidates.Clear();
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task RunAsync_TwoCandidates_ExactlyOneRunsTheWork()
    {
        var first = Campaign("first");
        var second = Campaign("second");

        Assert.That(await Eventually.HoldsAsync(() => first.Started + second.Started == 1, Patience), Is.True);
        await Task.Delay(LeaseDuration * 1.5);

        var (leader, standby) = first.Started == 1 ? (first, second) : (second, first);
        Assert.Multiple(() =>
        {
            Assert.That(first.Started + second.Started, Is.EqualTo(1), "the standby must not start while the leader renews");
            Assert.That(leader.Service.IsLeader, Is.True);
            Assert.That(standby.Service.IsLeader, Is.False);
            Assert.That(LeaseHolder(), Is.EqualTo(leader.Service.Identity));
        });
    }

    [Test]
    public async Task RunAsync_LeaderCancelledWithoutRelease_StandbyTakesOverWithinTheLeaseDuration()
    {
        var (leader, standby) = await LeaderAndStandbyAsync(releaseOnCancel: false);

        var clock = Stopwatch.StartNew();
        await leader.Stop.CancelAsync();
        Assert.That(await leader.Outcome.WaitAsync(Patience), Is.EqualTo(LeadershipOutcome.Cancelled));
        Assert.That(leader.WorkStopped.Task.IsCompleted, Is.True, "the work stops before RunAsync returns");

        Assert.That(await Eventually.HoldsAsync(() => standby.Started == 1, Patience), Is.True);
        Assert.That(clock.Elapsed, Is.LessThan(LeaseDuration + (RetryPeriod * 4)), "a lease that is no longer renewed expires after LeaseDuration");
        Assert.That(LeaseHolder(), Is.EqualTo(standby.Service.Identity));
    }

    [Test]
    public async Task RunAsync_LeaderCancelledWithRelease_StandbyTakesOverAtItsNextRetry()
    {
        var (leader, standby) = await LeaderAndStandbyAsync(releaseOnCancel: true);

        var clock = Stopwatch.StartNew();
        await leader.Stop.CancelAsync();
        Assert.That(await leader.Outcome.WaitAsync(Patience), Is.EqualTo(LeadershipOutcome.Cancelled));

        Assert.That(await Eventually.HoldsAsync(() => standby.Started == 1, Patience), Is.True);
        Assert.That(clock.Elapsed, Is.LessThan(LeaseDuration), "a released lease is free at once");
    }

    [Test]
    public async Task RunAsync_LeaseStolen_LeaderStopsItsWorkAndReportsLost()
    {
        var leader = Campaign("leader");
        Assert.That(await Eventually.HoldsAsync(() => leader.Started == 1, Patience), Is.True);

        var clock = Stopwatch.StartNew();
        await StealLeaseAsync("thief");

        Assert.That(await leader.Outcome.WaitAsync(Patience), Is.EqualTo(LeadershipOutcome.LeadershipLost));
        Assert.Multiple(() =>
        {
            Assert.That(leader.WorkStopped.Task.IsCompleted, Is.True, "the work's token was cancelled and it finished");
            Assert.That(clock.Elapsed, Is.LessThan(RenewDeadline + (RetryPeriod * 4)), "gives up within the renew deadline");
            Assert.That(leader.Service.IsLeader, Is.False);
            Assert.That(LeaseHolder(), Is.EqualTo("thief"), "a leader that lost does not write the lease back");
        });
    }

    [Test]
    public async Task RunAsync_WorkEndsWhileLeading_GivesUpAndReleases()
    {
        var ended = Campaign("quitter", work: _ => Task.CompletedTask);

        Assert.That(await ended.Outcome.WaitAsync(Patience), Is.EqualTo(LeadershipOutcome.WorkEnded));
        Assert.That(LeaseHolder(), Is.Empty);

        var next = Campaign("next");
        Assert.That(await Eventually.HoldsAsync(() => next.Started == 1, TimeSpan.FromSeconds(1)), Is.True, "released, so no waiting for expiry");
    }

    [Test]
    public async Task RunAsync_WorkThrows_ReportedAsWorkEnded()
    {
        var failing = Campaign("failing", work: _ => throw new InvalidOperationException("caches did not sync"));

        Assert.That(await failing.Outcome.WaitAsync(Patience), Is.EqualTo(LeadershipOutcome.WorkEnded));
        Assert.That(failing.Logger.Lines.Any(line => line.EventId == 145 && line.Exception?.Message == "caches did not sync"), Is.True);
    }

    [Test]
    public async Task RunAsync_LeaseHeldElsewhere_ReturnsToTheCallerAtOnce()
    {
        await StealLeaseAsync("someone-else", create: true);
        var service = new LeaderElectionService(_client, Options("waiting"), new TestLogger());
        using var stop = new CancellationTokenSource();

        var clock = Stopwatch.StartNew();
        var run = service.RunAsync(_ => Task.CompletedTask, stop.Token);
        var returnedAfter = clock.Elapsed;
        await Task.Delay(300);

        Assert.Multiple(() =>
        {
            Assert.That(returnedAfter, Is.LessThan(TimeSpan.FromMilliseconds(100)), "a host's start must not wait for leadership");
            Assert.That(run.IsCompleted, Is.False);
        });
        await stop.CancelAsync();
        Assert.That(await run.WaitAsync(Patience), Is.EqualTo(LeadershipOutcome.Cancelled));
    }

    [Test]
    public async Task RunAsync_ApiUnavailableWhileCampaigning_KeepsTrying()
    {
        using (_server.InjectFault(request => request.Resource == "leases" ? 503 : null))
        {
            var candidate = Campaign("patient");
            await Task.Delay(RetryPeriod * 3);
            Assert.That(candidate.Started, Is.Zero);
        }

        Assert.That(await Eventually.HoldsAsync(() => _candidates[0].Started == 1, Patience), Is.True);
    }

    [Test]
    public void Options_Inconsistent_Rejected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new LeaderElectionService(_client,
                    Options("x", lease: TimeSpan.FromSeconds(1), renew: TimeSpan.FromSeconds(1)), new TestLogger()),
                Throws.ArgumentException);
            Assert.That(() => new LeaderElectionService(_client,
                    Options("x", lease: TimeSpan.FromMilliseconds(500), renew: TimeSpan.FromMilliseconds(400)), new TestLogger()),
                Throws.ArgumentException);
            Assert.That(() => new LeaderElectionService(_client, Options("x", retry: TimeSpan.FromSeconds(1.4)), new TestLogger()), Throws.ArgumentException);
            Assert.That(() => new LeaderElectionService(_client, Options(string.Empty), new TestLogger()), Throws.ArgumentException);
        });
    }

    private static LeaderElectionOptions Options(string identity, bool releaseOnCancel = true, TimeSpan? lease = null,
        TimeSpan? renew = null, TimeSpan? retry = null) =>
        new()
        {
            LeaseNamespace = "kube-system",
            LeaseName = "runtime-test",
            Identity = identity,
            LeaseDuration = lease ?? LeaseDuration,
            RenewDeadline = renew ?? RenewDeadline,
            RetryPeriod = retry ?? RetryPeriod,
            ReleaseOnCancel = releaseOnCancel,
        };

    private Candidate Campaign(string identity, bool releaseOnCancel = true, Func<CancellationToken, Task>? work = null)
    {
        var candidate = new Candidate(_client, Options(identity, releaseOnCancel), work);
        _candidates.Add(candidate);
        return candidate;
    }

    private async Task<(Candidate Leader, Candidate Standby)> LeaderAndStandbyAsync(bool releaseOnCancel)
    {
        var leader = Campaign("leader", releaseOnCancel);
        Assert.That(await Eventually.HoldsAsync(() => leader.Started == 1, Patience), Is.True);
        var standby = Campaign("standby", releaseOnCancel);
        await Task.Delay(RetryPeriod * 3);
        Assert.That(standby.Started, Is.Zero);
        return (leader, standby);
    }

    private string? LeaseHolder() =>
        _server.GetObject("coordination.k8s.io/v1", "Lease", "kube-system", "runtime-test")?["spec"]?["holderIdentity"]?.GetValue<string>();

    private async Task StealLeaseAsync(string thief, bool create = false)
    {
        var spec = new V1LeaseSpec
        {
            HolderIdentity = thief,
            LeaseDurationSeconds = 60,
            AcquireTime = DateTime.UtcNow,
            RenewTime = DateTime.UtcNow,
            LeaseTransitions = 7,
        };
        if (create)
        {
            await _client.CoordinationV1.CreateNamespacedLeaseAsync(
                new V1Lease { Metadata = new V1ObjectMeta { Name = "runtime-test" }, Spec = spec }, "kube-system");
            return;
        }

        // The leader renews concurrently; retry on conflict as any writer of a Lease must.
        for (var attempt = 0; ; attempt++)
        {
            var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync("runtime-test", "kube-system");
            lease.Spec = spec;
            try
            {
                await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "runtime-test", "kube-system");
                return;
            }
            catch (HttpOperationException error) when (ApiErrors.IsConflict(error) && attempt < 10)
            {
            }
        }
    }

    /// <summary>A replica campaigning in the background, counting how often its work started.</summary>
    private sealed class Candidate : IAsyncDisposable
    {
        private int _started;

        public Candidate(IKubernetes client, LeaderElectionOptions options, Func<CancellationToken, Task>? work)
        {
            Service = new LeaderElectionService(client, options, Logger);
            Outcome = Service.RunAsync(
                async ct =>
                {
                    Interlocked.Increment(ref _started);
                    try
                    {
                        await (work ?? (token => Task.Delay(Timeout.Infinite, token)))(ct);
                    }
                    finally
                    {
                        WorkStopped.TrySetResult();
                    }
                },
                Stop.Token);
        }

        public TestLogger Logger { get; } = new();

        public LeaderElectionService Service { get; }

        public CancellationTokenSource Stop { get; } = new();

        public Task<LeadershipOutcome> Outcome { get; }

        public TaskCompletionSource WorkStopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Started => Volatile.Read(ref _started);

        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            try
            {
                await Outcome.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
            }

            Stop.Dispose();
        }
    }
}
