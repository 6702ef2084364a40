using NodeLocalDns.KubeApiServer.Tests.Support;

namespace NodeLocalDns.KubeApiServer.Tests.Monitoring;

[TestFixture]
public sealed class WriteCountTests : ServerTest
{
    [Test]
    public async Task CountWrites_CountsByVerbAndResourceIncludingSubresources()
    {
        await Http.CreateAsync("/apis/apps/v1/namespaces/default/daemonsets", Objects.DaemonSet("ds"));
        await Http.PatchAsync("/apis/apps/v1/namespaces/default/daemonsets/ds", "application/merge-patch+json", """{"metadata":{"labels":{"a":"b"}}}""");
        await Http.PatchAsync("/apis/apps/v1/namespaces/default/daemonsets/ds/status", "application/merge-patch+json", """{"status":{"numberReady":1}}""");
        await Http.GetAsync("/apis/apps/v1/namespaces/default/daemonsets/ds");

        Assert.Multiple(() =>
        {
            Assert.That(Server.CountWrites("daemonsets"), Is.EqualTo(2));
            Assert.That(Server.CountWrites("daemonsets", "patch"), Is.EqualTo(1));
            Assert.That(Server.CountWrites("daemonsets/status"), Is.EqualTo(1));
            Assert.That(Server.CountWrites(), Is.EqualTo(3));
            Assert.That(Server.WriteCounts, Does.ContainKey("patch daemonsets/status").WithValue(1));
        });
    }

    [Test]
    public async Task ResetWriteCounts_StartsFromZero()
    {
        await Http.CreateAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("x"));

        Server.ResetWriteCounts();
        await Http.GetAsync("/api/v1/namespaces/default/configmaps");

        Assert.That(Server.CountWrites(), Is.Zero);
        Assert.That(Server.Requests.Select(request => request.Verb), Is.EqualTo(new[] { "list" }));
    }

    [Test]
    public async Task SeedingThroughPutObject_IsNotCountedAsAWrite()
    {
        Server.PutObject(Objects.ConfigMap("seeded"));

        var read = await Http.GetAsync("/api/v1/namespaces/default/configmaps/seeded");

        Assert.That(read.Code, Is.EqualTo(200));
        Assert.That(Server.CountWrites(), Is.Zero);
    }
}
