using System.Globalization;
using k8s.Models;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// The chart's memory request is realistic: the published operator (what the image runs), reconciling a NodeLocalDns
/// against the in-process API server and then idle, resides within the request with headroom, and the request is
/// not several times what it uses.
/// </summary>
[Category(TestCategories.Helm)]
[Category(TestCategories.Processes)]
[CancelAfter(90_000)]
public sealed class ChartResourcesProcessTests
{
    private static string PublishedOperator => TestData.Repo("out", "operator", "nodelocal-operator");

    [Test]
    public async Task MemoryRequest_PublishedOperatorIdle_ResidesWithinItWithHeadroom()
    {
        var request = ChartTests.Single<V1Deployment>().Spec.Template.Spec.Containers.Single().Resources.Requests["memory"].ToDecimal();
        await using var cluster = await OperatorTestCluster.StartAsync(Corefiles.Kubeadm() + Corefiles.SomeCorp);
        await using var process = OperatorProcess.Start(PublishedOperator, cluster);
        await cluster.CreateNodeLocalDnsAsync();
        Assert.That(await OperatorProcess.ReconciledAsync(cluster), Is.True, "the operator did not reconcile");

        // Idle, as a replica spends its life: the peak of start-up and the first reconcile is behind it.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var resident = ResidentBytes(process.Id);
        await TestContext.Out.WriteLineAsync($"idle RSS {resident / 1024 / 1024} MiB, request {request / 1024 / 1024} MiB");
        Assert.Multiple(() =>
        {
            Assert.That(resident, Is.LessThanOrEqualTo(request * 0.9m), "the request leaves at least 10% headroom over the idle RSS");
            Assert.That(resident, Is.GreaterThanOrEqualTo(request * 0.4m), "the request is not over 2.5 times what the operator uses");
        });
    }

    private static decimal ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return decimal.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
