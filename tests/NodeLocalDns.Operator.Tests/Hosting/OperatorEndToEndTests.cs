using System.Diagnostics;
using k8s;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Hosting;

/// <summary>The running operator against the in-process API server: watches, queue, reconcile, status, recovery, leader election.</summary>
public sealed class OperatorEndToEndTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    private static string Seed => Corefiles.Kubeadm() + Corefiles.SomeCorp;

    private static async Task<string?> NodeCacheCorefile(OperatorTestCluster cluster)
    {
        var list = await cluster.Client.CoreV1.ListNamespacedConfigMapAsync("kube-system", fieldSelector: "metadata.name=node-local-dns");
        return list.Items.SingleOrDefault()?.Data["Corefile"];
    }

    private static async Task<string?> ConditionStatus(OperatorTestCluster cluster, string type) =>
        (await cluster.GetNodeLocalDnsAsync()).Status?.Conditions.SingleOrDefault(c => c.Type == type)?.Status;

    [Test]
    public async Task Run_NewNodeLocalDns_ChildrenAppearAndBecomeAvailableWhenPodsAreReady()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await using var running = RunningOperator.Start(cluster);
        await cluster.CreateNodeLocalDnsAsync();

        Assert.That(await Eventually.HoldsAsync(
                async () => (await NodeCacheCorefile(cluster))?.Contains("some.corp:53", StringComparison.Ordinal) == true, Soon),
            Is.True, "ConfigMap");
        Assert.That(await Eventually.HoldsAsync(
                async () => (await cluster.Client.AppsV1.ListNamespacedDaemonSetAsync("kube-system")).Items.Count == 1, Soon),
            Is.True, "DaemonSet");

        await cluster.MarkDaemonSetRolledOutAsync(nodes: 3);

        Assert.That(await Eventually.HoldsAsync(async () => await ConditionStatus(cluster, ConditionTypes.Available) == "True", Soon), Is.True, "Available");
        var status = (await cluster.GetNodeLocalDnsAsync()).Status!;
        Assert.Multiple(() =>
        {
            Assert.That(status.ReadyNodes, Is.EqualTo("3/3"));
            Assert.That(status.StubDomains.Select(s => s.Zone), Is.EqualTo(new[] { "some.corp" }));
        });
    }

    [Test]
    public async Task Run_CorefileGainsAStubDomain_ConfigMapAndStatusFollowWithinASecond()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await using var running = RunningOperator.Start(cluster);
        await cluster.CreateNodeLocalDnsAsync();
        Assert.That(await Eventually.HoldsAsync(async () => await NodeCacheCorefile(cluster) is not null, Soon), Is.True);

        var clock = Stopwatch.StartNew();
        await cluster.SetCorefileAsync(Seed + "other.corp:53 {\n    forward . 10.9.9.9\n}\n");
        var configMapFollowed = await Eventually.HoldsAsync(
            async () => (await NodeCacheCorefile(cluster))?.Contains("other.corp:53", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(10));
        var statusFollowed = await Eventually.HoldsAsync(
            async () => (await cluster.GetNodeLocalDnsAsync()).Status?.StubDomains.Any(s => s.Zone == "other.corp") == true,
            TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(configMapFollowed, Is.True, $"ConfigMap not updated within a second ({clock.ElapsedMilliseconds} ms)");
            Assert.That(statusFollowed, Is.True, "status not updated within a second");
        });
    }

    [Test]
    public async Task Run_BrokenCorefile_SetsConfigValidFalseAndKeepsTheOldConfig()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await using var running = RunningOperator.Start(cluster);
        await cluster.CreateNodeLocalDnsAsync();
        Assert.That(await Eventually.HoldsAsync(async () => await NodeCacheCorefile(cluster) is not null, Soon), Is.True);
        var good = await NodeCacheCorefile(cluster);

        await cluster.SetCorefileAsync(Seed + "broken.corp:53 {\n");

        Assert.That(await Eventually.HoldsAsync(async () => await ConditionStatus(cluster, ConditionTypes.ConfigValid) == "False", Soon), Is.True);
        Assert.That(await NodeCacheCorefile(cluster), Is.EqualTo(good));

        await cluster.SetCorefileAsync(Seed);
        Assert.That(await Eventually.HoldsAsync(async () => await ConditionStatus(cluster, ConditionTypes.ConfigValid) == "True", Soon),
            Is.True, "recovers when fixed");
    }

    [Test]
    public async Task Run_WatchesDroppedAndHistoryExpired_RecoversAndSeesChangesMadeMeanwhile()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await using var running = RunningOperator.Start(cluster);
        await cluster.CreateNodeLocalDnsAsync();
        Assert.That(await Eventually.HoldsAsync(async () => await NodeCacheCorefile(cluster) is not null, Soon), Is.True);

        cluster.Server.DropWatches();
        await cluster.SetCorefileAsync(Seed + "after-drop.corp:53 {\n    forward . 10.7.7.7\n}\n");
        Assert.That(await Eventually.HoldsAsync(
                async () => (await NodeCacheCorefile(cluster))?.Contains("after-drop.corp", StringComparison.Ordinal) == true, Soon),
            Is.True, "after a dropped watch");

        cluster.Server.ExpireWatchHistory();
        cluster.Server.DropWatches();
        await cluster.SetCorefileAsync(Seed + "after-410.corp:53 {\n    forward . 10.8.8.8\n}\n");
        Assert.That(await Eventually.HoldsAsync(
                async () => (await NodeCacheCorefile(cluster))?.Contains("after-410.corp", StringComparison.Ordinal) == true, Soon),
            Is.True, "after 410 Gone");
    }

    [Test]
    public async Task Run_DeletedChild_IsRecreated()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await using var running = RunningOperator.Start(cluster);
        await cluster.CreateNodeLocalDnsAsync();
        Assert.That(await Eventually.HoldsAsync(
            async () => (await cluster.Client.AppsV1.ListNamespacedDaemonSetAsync("kube-system")).Items.Count == 1, Soon), Is.True);

        await cluster.Client.AppsV1.DeleteNamespacedDaemonSetAsync("node-local-dns", "kube-system");

        Assert.That(await Eventually.HoldsAsync(
            async () => (await cluster.Client.AppsV1.ListNamespacedDaemonSetAsync("kube-system")).Items.Count == 1, Soon), Is.True);
    }

    [Test]
    public async Task Run_SteadyState_MakesNoWrites()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await using var running = RunningOperator.Start(cluster);
        await cluster.CreateNodeLocalDnsAsync();
        Assert.That(await Eventually.HoldsAsync(
            async () => (await cluster.Client.AppsV1.ListNamespacedDaemonSetAsync("kube-system")).Items.Count == 1, Soon), Is.True);
        await cluster.MarkDaemonSetRolledOutAsync(nodes: 2);
        Assert.That(await Eventually.HoldsAsync(async () => await ConditionStatus(cluster, ConditionTypes.Available) == "True", Soon), Is.True);
        await Task.Delay(500);

        cluster.Server.ResetWriteCounts();
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.That(cluster.Server.WriteCounts, Is.Empty, string.Join(", ", cluster.Server.WriteCounts.Select(w => $"{w.Key}={w.Value}")));
    }

    [Test]
    public async Task Run_CorefileChanges_StatusWritesNeverConflictWithTheOperatorsOwnWrites()
    {
        // Each change writes the node-cache ConfigMap, whose event reconciles again before the informer has seen the
        // status just written: that status write must not go out with the stale resourceVersion (a 409 every time).
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await using var running = RunningOperator.Start(cluster);
        await cluster.CreateNodeLocalDnsAsync();
        Assert.That(await Eventually.HoldsAsync(async () => await NodeCacheCorefile(cluster) is not null, Soon), Is.True);
        await Task.Delay(500);
        cluster.Server.ResetWriteCounts();

        for (var change = 0; change < 5; change++)
        {
            var zone = $"change{change}.corp";
            await cluster.SetCorefileAsync(Seed + zone + ":53 {\n    forward . 10.9.9.9\n}\n");
            Assert.That(await Eventually.HoldsAsync(
                async () => (await cluster.GetNodeLocalDnsAsync()).Status?.StubDomains.Any(s => s.Zone == zone) == true, Soon), Is.True, zone);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Server.CountRefusals("nodelocaldnses/status", 409), Is.Zero, "status writes refused with 409 Conflict");
            Assert.That(cluster.Server.CountWrites("nodelocaldnses/status"), Is.InRange(5, 10), "one status write per change, two at most");
        });
    }

    [Test]
    public async Task Run_TwoReplicasWithLeaderElection_OnlyTheLeaderWrites_AndTheOtherTakesOver()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await using var a = RunningOperator.Start(cluster, leaderElect: true, identity: "replica-a");
        await using var b = RunningOperator.Start(cluster, leaderElect: true, identity: "replica-b");
        await cluster.CreateNodeLocalDnsAsync();
        Assert.That(await Eventually.HoldsAsync(async () => await NodeCacheCorefile(cluster) is not null, Soon), Is.True);

        var leaderIdentity = (await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("nodelocal-operator", "kube-system")).Spec.HolderIdentity;
        var (leader, standby) = leaderIdentity == "replica-a" ? (a, b) : (b, a);
        Assert.Multiple(() =>
        {
            Assert.That(leaderIdentity, Is.AnyOf("replica-a", "replica-b"));
            Assert.That(leader.Writes.Writes, Is.GreaterThan(0));
            Assert.That(standby.Writes.Writes, Is.Zero, "the standby must not write");
        });

        // The leader goes away; the standby takes over within the lease and reconciles what changes next.
        await leader.DisposeAsync();
        await cluster.SetCorefileAsync(Seed + "takeover.corp:53 {\n    forward . 10.6.6.6\n}\n");
        Assert.That(await Eventually.HoldsAsync(
                async () => (await NodeCacheCorefile(cluster))?.Contains("takeover.corp", StringComparison.Ordinal) == true,
                TimeSpan.FromSeconds(20)),
            Is.True, "the standby took over");
        Assert.That(standby.Writes.Writes, Is.GreaterThan(0));
    }
}
