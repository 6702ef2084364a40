using System.Text.Json.Nodes;
using k8s;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Hosting;

/// <summary>
/// The running operator when its informers meet trouble: a NodeLocalDns it cannot read is set aside with an event and
/// the others go on, and <c>/readyz</c> stops saying 200 while an informer is stuck (its cache is stale).
/// </summary>
public sealed class InformerHealthTests
{
    private static string Seed => Corefiles.Kubeadm() + Corefiles.SomeCorp;

    private static async Task<int> ReadyzAsync(RunningOperator running)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var response = await http.GetAsync(new Uri(running.Address, "/readyz"));
        return (int)response.StatusCode;
    }

    [Test]
    public async Task RunningOperator_InformerStuckOnFailingListsAndWatches_ReadyzSays503UntilItRecovers()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync();
        await using var running = RunningOperator.Start(cluster, stuckInformerAfter: TimeSpan.FromSeconds(1));
        Assert.That(await Eventually.HoldsAsync(async () => await ReadyzAsync(running) == 200, TimeSpan.FromSeconds(10)), Is.True, "ready once synced");

        bool notReady;
        using (cluster.Server.InjectFault(r => r.Resource == "configmaps" && r.Verb is "list" or "watch" ? 500 : null))
        {
            cluster.Server.DropWatches();
            notReady = await Eventually.HoldsAsync(async () => await ReadyzAsync(running) == 503, TimeSpan.FromSeconds(15));
        }

        var readyAgain = await Eventually.HoldsAsync(async () => await ReadyzAsync(running) == 200, TimeSpan.FromSeconds(15));
        Assert.Multiple(() =>
        {
            Assert.That(notReady, Is.True, "a stuck informer is not ready");
            Assert.That(readyAgain, Is.True, "ready again once it recovers");
        });
    }

    [Test]
    public async Task RunningOperator_NodeLocalDnsItCannotRead_IsReportedByAnEventAndTheOthersGoOn()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);

        // An older CRD without the enum lets a value in that the current API types refuse.
        var crd = cluster.Server.GetObject("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, "nodelocaldnses.dns.nodelocal.io")!;
        crd["spec"]!["versions"]![0]!["schema"] = new JsonObject
        {
            ["openAPIV3Schema"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
        };
        cluster.Server.PutObject(crd);
        cluster.Server.PutObject("""{"apiVersion": "dns.nodelocal.io/v1alpha1", "kind": "NodeLocalDns", "metadata": {"name": "legacy"},""" +
            """ "spec": {"kubeProxyMode": "userspace"}}""");
        await cluster.CreateNodeLocalDnsAsync();

        await using var running = RunningOperator.Start(cluster);
        var reported = await Eventually.HoldsAsync(
            async () => (await cluster.Client.CoreV1.ListNamespacedEventAsync("default")).Items
                .Any(e => e.Reason == "Unreadable" && e.InvolvedObject.Name == "legacy" && e.Type == "Warning"),
            TimeSpan.FromSeconds(10));
        var othersGoOn = await Eventually.HoldsAsync(
            async () => (await cluster.GetNodeLocalDnsAsync()).Status?.ObservedGeneration is not null, TimeSpan.FromSeconds(10));

        Assert.Multiple(async () =>
        {
            Assert.That(reported, Is.True, "a Warning event on the NodeLocalDns that cannot be read");
            Assert.That(othersGoOn, Is.True, "the readable NodeLocalDns is reconciled");
            Assert.That(await ReadyzAsync(running), Is.EqualTo(200));
        });
    }
}
