using k8s;
using k8s.Autorest;
using k8s.Models;
using NodeLocalDns.Controllers.LeaderElection;
using NodeLocalDns.Controllers.Resilience;
using NodeLocalDns.Operator.Hosting;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Hosting;

/// <summary>The worker's leader-election path, the only one: a replica that loses the Lease stops its whole process.</summary>
[CancelAfter(60_000)]
public sealed class OperatorWorkerTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Test]
    public async Task LeaderElect_LeadershipLost_StopsTheApplicationWithExitCodeOne()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Corefiles.Kubeadm());
        var exitCode = Environment.ExitCode;
        try
        {
            await using var running = RunningOperator.Start(cluster, leaderElect: true, identity: "replica");
            Assert.That(await Eventually.HoldsAsync(async () => await LeaseHolderAsync(cluster) == "replica", Soon), Is.True, "leading");

            await StealLeaseAsync(cluster, "thief");

            Assert.That(await Eventually.HoldsAsync(() => running.Stopped, Soon), Is.True, "the application stopped");
            Assert.Multiple(() =>
            {
                Assert.That(running.Outcome, Is.EqualTo(LeadershipOutcome.LeadershipLost));
                Assert.That(Environment.ExitCode, Is.EqualTo(1), "the Deployment restarts the pod as a standby");
            });
        }
        finally
        {
            // The worker sets the process's exit code; this process is the test runner.
            Environment.ExitCode = exitCode;
        }
    }

    [Test]
    public async Task LeaderElect_HostStopping_EndsCancelledAndReleasesTheLease()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Corefiles.Kubeadm());
        var exitCode = Environment.ExitCode;
        var running = RunningOperator.Start(cluster, leaderElect: true, identity: "replica");
        Assert.That(await Eventually.HoldsAsync(async () => await LeaseHolderAsync(cluster) == "replica", Soon), Is.True, "leading");

        await running.DisposeAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(running.Outcome, Is.EqualTo(LeadershipOutcome.Cancelled));
            Assert.That(Environment.ExitCode, Is.EqualTo(exitCode), "a shutdown is a clean exit");
            Assert.That(await LeaseHolderAsync(cluster), Is.Empty, "released for a standby");
        });
    }

    [Test]
    public void ElectionOptions_WithoutIdentity_TakeTheElectionsDefaultAndScaleWithTheLease()
    {
        var options = OperatorWorker.ElectionOptions(new OperatorRunOptions { LeaseDuration = TimeSpan.FromSeconds(30) });
        var named = OperatorWorker.ElectionOptions(new OperatorRunOptions { Identity = "replica-a" });

        Assert.Multiple(() =>
        {
            Assert.That(options.Identity, Does.StartWith(Environment.MachineName + "_"));
            Assert.That(options.RenewDeadline, Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(options.RetryPeriod, Is.EqualTo(TimeSpan.FromSeconds(4)));
            Assert.That(named.Identity, Is.EqualTo("replica-a"));
        });
    }

    private static async Task<string?> LeaseHolderAsync(OperatorTestCluster cluster)
    {
        try
        {
            return (await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("nodelocal-operator", "kube-system")).Spec?.HolderIdentity;
        }
        catch (HttpOperationException error) when (ApiErrors.IsNotFound(error))
        {
            return null;
        }
    }

    private static async Task StealLeaseAsync(OperatorTestCluster cluster, string thief)
    {
        // The leader renews concurrently; retry on conflict as any writer of a Lease must.
        for (var attempt = 0; ; attempt++)
        {
            var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("nodelocal-operator", "kube-system");
            lease.Spec = new V1LeaseSpec { HolderIdentity = thief, LeaseDurationSeconds = 60, AcquireTime = DateTime.UtcNow, RenewTime = DateTime.UtcNow };
            try
            {
                await cluster.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "nodelocal-operator", "kube-system");
                return;
            }
            catch (HttpOperationException error) when (ApiErrors.IsConflict(error) && attempt < 10)
            {
            }
        }
    }
}
