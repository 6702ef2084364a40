using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Operator.Tests.Support.Helm;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Reconciliation;

/// <summary>
/// A cluster that already runs NodeLocal DNSCache (the upstream addon under the addon manager, seeded from
/// tests/testdata/installs/nodelocaldns-addon.yaml): the operator reports it with the migration path and changes nothing
/// of it, goes on once it is deleted in that order, adopts a hand-made install only when asked, and never one an addon
/// manager would put back.
/// </summary>
public sealed class ExistingInstallTests
{
    private static string Seed => Corefiles.Kubeadm() + Corefiles.SomeCorp;

    private static readonly (string ApiVersion, string Kind, string Name)[] AddonObjects =
    [
        ("v1", "ServiceAccount", "node-local-dns"),
        ("v1", "Service", "kube-dns-upstream"),
        ("v1", "ConfigMap", "node-local-dns"),
        ("apps/v1", "DaemonSet", "node-local-dns"),
        ("v1", "Service", "node-local-dns"),
    ];

    private static IEnumerable<JsonObject> AddonDocuments(bool underAddonManager = true) =>
        YamlValues.ParseAll(File.ReadAllText(TestData.Shared("installs", "nodelocaldns-addon.yaml")))
            .OfType<Dictionary<string, object?>>()
            .Select(document => JsonNode.Parse(JsonSerializer.Serialize(document))!.AsObject())
            .Select(document =>
            {
                if (!underAddonManager)
                {
                    (document["metadata"]!["labels"] as JsonObject)?.Remove("addonmanager.kubernetes.io/mode");
                }

                return document;
            });

    private static void InstallAddon(OperatorTestCluster cluster, bool underAddonManager = true)
    {
        foreach (var document in AddonDocuments(underAddonManager))
        {
            cluster.Server.PutObject(document);
        }
    }

    private static Dictionary<string, string> Snapshot(OperatorTestCluster cluster) =>
        AddonObjects.ToDictionary(o => $"{o.Kind}/{o.Name}",
            o => cluster.Server.GetObject(o.ApiVersion, o.Kind, "kube-system", o.Name)?.ToJsonString() ?? "missing");

    private static V1Condition Condition(V1Alpha1NodeLocalDns nld, string type) => nld.Status!.Conditions.Single(c => c.Type == type);

    [Test]
    public async Task Reconcile_ClusterRunningTheUpstreamAddon_ReportsItWithTheMigrationPathAndChangesNothingOfIt()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        InstallAddon(cluster);
        var before = Snapshot(cluster);
        await cluster.CreateNodeLocalDnsAsync();

        var result = await cluster.ReconcileAsync();
        await cluster.ReconcileAsync();

        var nld = await cluster.GetNodeLocalDnsAsync();
        var degraded = Condition(nld, ConditionTypes.Degraded);
        Assert.Multiple(() =>
        {
            Assert.That(Snapshot(cluster), Is.EqualTo(before), "every object of the addon as it was");
            Assert.That(result.RequeueAfter, Is.Null, "nothing to poll: deleting the addon's objects wakes the NodeLocalDns");
            Assert.That(degraded.Status, Is.EqualTo("True"));
            Assert.That(degraded.Reason, Is.EqualTo(ConditionReasons.ForeignInstall));
            Assert.That(degraded.Message, Does.Contain("DaemonSet kube-system/node-local-dns (the addon manager, addonmanager.kubernetes.io/mode=Reconcile)"));
            Assert.That(degraded.Message, Does.Contain("Nothing of it was changed"));
            Assert.That(degraded.Message, Does.Contain("(2) delete DaemonSet kube-system/node-local-dns: its pods remove their interface and rules"));
            Assert.That(degraded.Message, Does.Contain(
                "(3) delete ConfigMap kube-system/node-local-dns, Service kube-system/kube-dns-upstream, " +
                "Service kube-system/node-local-dns, ServiceAccount kube-system/node-local-dns"));
            Assert.That(degraded.Message, Does.Not.Contain("adoptExistingObjects: true"), "the addon manager would put its copy back");
            Assert.That(Condition(nld, ConditionTypes.Progressing).Status, Is.EqualTo("False"));
            Assert.That(Condition(nld, ConditionTypes.Available).Status, Is.EqualTo("False"));
            Assert.That(nld.Status!.ObservedGeneration, Is.EqualTo(nld.Metadata.Generation));
        });
    }

    [Test]
    public async Task RunningOperator_ClusterRunningTheUpstreamAddon_ReportsItAtOnceAndWritesNothingButTheStatus()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        InstallAddon(cluster);
        var before = Snapshot(cluster);
        await cluster.CreateNodeLocalDnsAsync();
        cluster.Server.ResetWriteCounts();

        await using (RunningOperator.Start(cluster))
        {
            Assert.That(await Eventually.HoldsAsync(
                    async () => (await cluster.GetNodeLocalDnsAsync()).Status?.Conditions
                        .Any(c => c.Reason == ConditionReasons.ForeignInstall) == true,
                    TimeSpan.FromSeconds(10)),
                Is.True, "the informers see the addon's ServiceAccount and DaemonSet, and the status says so");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var writes = cluster.Server.WriteCounts;
        Assert.Multiple(() =>
        {
            Assert.That(Snapshot(cluster), Is.EqualTo(before), "every object of the addon as it was");
            Assert.That(writes.Keys.Where(k => k is not ("update nodelocaldnses/status" or "create events")), Is.Empty,
                "no write but the status and its event");
            Assert.That(writes.GetValueOrDefault("update nodelocaldnses/status"), Is.EqualTo(1), "one status write, no retry loop");
        });
    }

    [Test]
    public async Task Reconcile_AddonDeletedInTheReportedOrder_TheOperatorCreatesItsOwn()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        InstallAddon(cluster);
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();

        foreach (var (apiVersion, kind, name) in AddonObjects.OrderBy(o => o.Kind == "DaemonSet" ? 0 : 1))
        {
            cluster.Server.DeleteObject(apiVersion, kind, "kube-system", name);
        }

        await cluster.ReconcileAsync();

        var daemonSet = await cluster.Client.AppsV1.ReadNamespacedDaemonSetAsync("node-local-dns", "kube-system");
        var nld = await cluster.GetNodeLocalDnsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(daemonSet.Metadata.OwnerReferences.Single().Uid, Is.EqualTo(nld.Metadata.Uid));
            Assert.That(daemonSet.Spec.Template.Spec.Containers.Single().Name, Is.EqualTo("dnscache"));
            Assert.That(Condition(nld, ConditionTypes.Degraded).Reason, Is.Not.EqualTo(ConditionReasons.ForeignInstall));
        });
    }

    [Test]
    public async Task Reconcile_AdoptExistingObjectsOnAHandMadeInstall_TakesItOverInPlace()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        InstallAddon(cluster, underAddonManager: false);
        var uidBefore = cluster.Server.GetObject("apps/v1", "DaemonSet", "kube-system", "node-local-dns")!["metadata"]!["uid"]!.GetValue<string>();
        await cluster.CreateNodeLocalDnsAsync(configure: spec => spec.AdoptExistingObjects = true);

        await cluster.ReconcileAsync();

        var daemonSet = await cluster.Client.AppsV1.ReadNamespacedDaemonSetAsync("node-local-dns", "kube-system");
        var nld = await cluster.GetNodeLocalDnsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(daemonSet.Metadata.Uid, Is.EqualTo(uidBefore), "the same object, updated in place");
            Assert.That(daemonSet.Metadata.OwnerReferences.Single().Uid, Is.EqualTo(nld.Metadata.Uid));
            Assert.That(daemonSet.Spec.Template.Spec.Containers.Single().Name, Is.EqualTo("dnscache"));
            Assert.That(Condition(nld, ConditionTypes.Degraded).Reason, Is.Not.EqualTo(ConditionReasons.ForeignInstall));
        });
    }

    [Test]
    public async Task Reconcile_AdoptExistingObjectsUnderTheAddonManager_RefusesAndSaysWhy()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        InstallAddon(cluster);
        var before = Snapshot(cluster);
        await cluster.CreateNodeLocalDnsAsync(configure: spec => spec.AdoptExistingObjects = true);

        await cluster.ReconcileAsync();

        var degraded = Condition(await cluster.GetNodeLocalDnsAsync(), ConditionTypes.Degraded);
        Assert.Multiple(() =>
        {
            Assert.That(Snapshot(cluster), Is.EqualTo(before));
            Assert.That(degraded.Reason, Is.EqualTo(ConditionReasons.ForeignInstall));
            Assert.That(degraded.Message,
                Does.Contain("spec.adoptExistingObjects takes over only objects with the node cache's names that nothing else manages"));
        });
    }

    [Test]
    public async Task Reconcile_KubesprayDaemonSetUnderAnotherName_IsReportedAndNoSecondCacheIsStarted()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        var kubespray = AddonDocuments().Single(d => d["kind"]!.GetValue<string>() == "DaemonSet");
        kubespray["metadata"]!["name"] = "nodelocaldns";
        kubespray["metadata"]!["labels"] = new JsonObject { ["k8s-app"] = "nodelocaldns" };
        kubespray["spec"]!["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["k8s-app"] = "nodelocaldns" } };
        kubespray["spec"]!["template"]!["metadata"]!["labels"] = new JsonObject { ["k8s-app"] = "nodelocaldns" };
        cluster.Server.PutObject(kubespray);
        await cluster.CreateNodeLocalDnsAsync(configure: spec => spec.AdoptExistingObjects = true);

        await cluster.ReconcileAsync();

        var daemonSets = await cluster.Client.AppsV1.ListNamespacedDaemonSetAsync("kube-system");
        var degraded = Condition(await cluster.GetNodeLocalDnsAsync(), ConditionTypes.Degraded);
        Assert.Multiple(() =>
        {
            Assert.That(daemonSets.Items.Select(d => d.Metadata.Name), Is.EqualTo(new[] { "nodelocaldns" }), "two node caches would bind the same addresses");
            Assert.That(degraded.Reason, Is.EqualTo(ConditionReasons.ForeignInstall));
            Assert.That(degraded.Message, Does.Contain("DaemonSet kube-system/nodelocaldns"));
        });
    }
}
