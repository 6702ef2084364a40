using k8s;
using k8s.Autorest;
using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Reconciliation;

/// <summary>
/// Deleting a NodeLocalDns in ipvs and nftables modes, where kubelet sends pods to the local IP, would stop DNS for every
/// pod: the operator holds such a deletion with a finalizer, keeps the node cache running and says what to do, until
/// the confirmation annotation; in iptables mode pods fall back to CoreDNS and the deletion goes through at once.
/// </summary>
public sealed class DeletionGuardTests
{
    private static string Seed => Corefiles.Kubeadm() + Corefiles.SomeCorp;

    private static async Task DeleteAsync(OperatorTestCluster cluster) =>
        await cluster.Client.CustomObjects.DeleteClusterCustomObjectAsync(
            V1Alpha1NodeLocalDns.ApiGroup, V1Alpha1NodeLocalDns.Version, V1Alpha1NodeLocalDns.Plural, "default");

    private static async Task ConfirmAsync(OperatorTestCluster cluster)
    {
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject
            {
                ["annotations"] = new System.Text.Json.Nodes.JsonObject { [DeletionProtection.ConfirmAnnotation] = "true" },
            },
        };
        var patch = new V1Patch(body.ToJsonString(), V1Patch.PatchType.MergePatch);
        await cluster.Client.CustomObjects.PatchClusterCustomObjectAsync(
            patch, V1Alpha1NodeLocalDns.ApiGroup, V1Alpha1NodeLocalDns.Version, V1Alpha1NodeLocalDns.Plural, "default");
    }

    private static async Task<bool> ExistsAsync(Func<Task> read)
    {
        try
        {
            await read();
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static Task<bool> DaemonSetExistsAsync(OperatorTestCluster cluster) =>
        ExistsAsync(() => cluster.Client.AppsV1.ReadNamespacedDaemonSetAsync("node-local-dns", "kube-system"));

    private static Task<bool> NodeLocalDnsExistsAsync(OperatorTestCluster cluster) =>
        ExistsAsync(() => cluster.Client.CustomObjects.GetClusterCustomObjectAsync(
            V1Alpha1NodeLocalDns.ApiGroup, V1Alpha1NodeLocalDns.Version, V1Alpha1NodeLocalDns.Plural, "default"));

    [TestCase(KubeProxyMode.Ipvs, true)]
    [TestCase(KubeProxyMode.Nftables, true)]
    [TestCase(KubeProxyMode.Iptables, false)]
    public async Task Reconcile_ByKubeProxyMode_HoldsTheGuardFinalizerWhereDeletionWouldStopDns(KubeProxyMode mode, bool guarded)
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync(configure: spec => spec.KubeProxyMode = mode);

        await cluster.ReconcileAsync();

        var finalizers = (await cluster.GetNodeLocalDnsAsync()).Metadata.Finalizers ?? [];
        Assert.That(finalizers.Contains(DeletionProtection.Finalizer), Is.EqualTo(guarded));
    }

    [Test]
    public async Task Delete_InIpvsModeWithoutConfirmation_LeavesTheDaemonSetRunningAndSaysWhatToDo()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync(configure: spec => spec.KubeProxyMode = KubeProxyMode.Ipvs);
        await cluster.ReconcileAsync();

        await DeleteAsync(cluster);
        await cluster.ReconcileAsync();
        await cluster.ReconcileAsync();

        var nld = await cluster.GetNodeLocalDnsAsync();
        var degraded = nld.Status!.Conditions.Single(c => c.Type == ConditionTypes.Degraded);
        Assert.Multiple(async () =>
        {
            Assert.That(await DaemonSetExistsAsync(cluster), Is.True, "every pod's DNS depends on it");
            Assert.That(nld.Metadata.DeletionTimestamp, Is.Not.Null);
            Assert.That(degraded.Reason, Is.EqualTo(ConditionReasons.DeletionBlocked));
            Assert.That(degraded.Message, Does.Contain("kubelet usually sends pods to the local IP (169.254.20.10)"));
            Assert.That(degraded.Message, Does.Contain($"kubectl annotate nodelocaldns default {DeletionProtection.ConfirmAnnotation}=true"));
        });
    }

    [Test]
    public async Task Delete_InIpvsModeConfirmed_RemovesTheNodeLocalDnsAndItsChildren()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync(configure: spec => spec.KubeProxyMode = KubeProxyMode.Ipvs);
        await cluster.ReconcileAsync();
        await DeleteAsync(cluster);
        await cluster.ReconcileAsync();

        await ConfirmAsync(cluster);
        await cluster.ReconcileAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(await NodeLocalDnsExistsAsync(cluster), Is.False);
            Assert.That(await DaemonSetExistsAsync(cluster), Is.False, "garbage-collected with its owner");
        });
    }

    [Test]
    public async Task Delete_InIptablesMode_GoesThroughAtOnce()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();

        await DeleteAsync(cluster);

        Assert.Multiple(async () =>
        {
            Assert.That(await NodeLocalDnsExistsAsync(cluster), Is.False);
            Assert.That(await DaemonSetExistsAsync(cluster), Is.False);
        });
    }

    [Test]
    public async Task Reconcile_ModeChangedFromIpvsToIptables_ReleasesTheGuard()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync(configure: spec => spec.KubeProxyMode = KubeProxyMode.Ipvs);
        await cluster.ReconcileAsync();
        var patch = new V1Patch("""{"spec":{"kubeProxyMode":"iptables"}}""", V1Patch.PatchType.MergePatch);
        await cluster.Client.CustomObjects.PatchClusterCustomObjectAsync(
            patch, V1Alpha1NodeLocalDns.ApiGroup, V1Alpha1NodeLocalDns.Version, V1Alpha1NodeLocalDns.Plural, "default");

        await cluster.ReconcileAsync();

        Assert.That((await cluster.GetNodeLocalDnsAsync()).Metadata.Finalizers ?? [], Does.Not.Contain(DeletionProtection.Finalizer));
    }

    [Test]
    public async Task RunningOperator_GuardedDeletion_WaitsThenFollowsTheConfirmationAnnotationAtOnce()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync(configure: spec => spec.KubeProxyMode = KubeProxyMode.Ipvs);
        await using var running = RunningOperator.Start(cluster);
        Assert.That(await Eventually.HoldsAsync(
            async () => (await cluster.GetNodeLocalDnsAsync()).Metadata.Finalizers?.Contains(DeletionProtection.Finalizer) == true
                && await DaemonSetExistsAsync(cluster),
            TimeSpan.FromSeconds(10)), Is.True);

        await DeleteAsync(cluster);
        var blocked = await Eventually.HoldsAsync(
            async () => (await cluster.GetNodeLocalDnsAsync()).Status?.Conditions.Any(c => c.Reason == ConditionReasons.DeletionBlocked) == true,
            TimeSpan.FromSeconds(10));
        var stillRunning = await DaemonSetExistsAsync(cluster);
        await ConfirmAsync(cluster);
        var gone = await Eventually.HoldsAsync(
            async () => !await NodeLocalDnsExistsAsync(cluster) && !await DaemonSetExistsAsync(cluster), TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(blocked, Is.True, "the status says the deletion waits");
            Assert.That(stillRunning, Is.True);
            Assert.That(gone, Is.True, "an annotation does not bump the generation; the operator must still see it");
        });
    }
}
