using NodeLocalDns.KubeApiServer;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>Every provider sample sent by the real kubectl to the in-process API server holding the committed CRD, with a server-side dry run.</summary>
[Category(TestCategories.Kubectl)]
public sealed class ProviderSampleDryRunTests
{
    [Test]
    public async Task ProviderSamples_ServerSideDryRun_AreEachAccepted()
    {
        await using var server = await TestKubeApiServer.StartAsync();
        using var kubectl = new KubectlSession(server);
        await kubectl.RunOkAsync("apply", "-f", TestData.Repo("crds", "dns.nodelocal.io_nodelocaldnses.yaml"));
        var samples = Directory.EnumerateFiles(TestData.Repo("crds", "samples", "providers")).Order(StringComparer.Ordinal).ToList();

        var outputs = new List<string>();
        foreach (var sample in samples)
        {
            outputs.Add((await kubectl.RunOkAsync("apply", "--dry-run=server", "--validate=strict", "-f", sample)).Trim());
        }

        var stored = await kubectl.RunOkAsync("get", "nld", "-o", "name");
        Assert.Multiple(() =>
        {
            Assert.That(outputs, Has.Count.EqualTo(samples.Count).And.Count.GreaterThan(0));
            Assert.That(outputs, Has.All.EqualTo("nodelocaldns.dns.nodelocal.io/default created (server dry run)"));
            Assert.That(stored.Trim(), Is.Empty, "a dry run stores nothing");
        });
    }
}
