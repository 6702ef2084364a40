using System.Text.Json.Nodes;
using k8s;
using NodeLocalDns.KubeApiServer.Tests.Support;

namespace NodeLocalDns.KubeApiServer.Tests;

/// <summary>The test-facing surface: start, client configuration, kubeconfig and direct object access.</summary>
[TestFixture]
public sealed class TestKubeApiServerTests : ServerTest
{
    [Test]
    public void StartAsync_ListensOnLoopbackWithABoundPort()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Server.BaseUri.Host, Is.EqualTo("127.0.0.1"));
            Assert.That(Server.BaseUri.Port, Is.GreaterThan(0));
            Assert.That(Server.ListObjects("v1", "Namespace").Select(ns => Text(ns, "metadata.name")),
                Is.EquivalentTo(new[] { "default", "kube-system", "kube-public", "kube-node-lease" }));
        });
    }

    [Test]
    public async Task WriteKubeconfig_LoadsIntoTheOfficialClient()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        try
        {
            Server.WriteKubeconfig(path);
            var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
            using var client = new Kubernetes(configuration);

            var namespaces = await client.CoreV1.ListNamespaceAsync();

            Assert.That(namespaces.Items, Has.Count.EqualTo(4));
            Assert.That(configuration.Namespace, Is.EqualTo("default"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void PutObject_KeepsSeededStatusOfStatusSubresourceKinds()
    {
        var daemonSet = Objects.DaemonSet("node-local-dns");
        daemonSet["metadata"]!["namespace"] = "kube-system";
        daemonSet["status"] = new JsonObject { ["desiredNumberScheduled"] = 3, ["numberReady"] = 2 };

        var stored = Server.PutObject(daemonSet);
        var read = Server.GetObject("apps/v1", "DaemonSet", "kube-system", "node-local-dns")!;

        Assert.Multiple(() =>
        {
            Assert.That(Text(stored, "status.numberReady"), Is.EqualTo("2"));
            Assert.That(Text(read, "status.desiredNumberScheduled"), Is.EqualTo("3"));
            Assert.That(Text(read, "metadata.generation"), Is.EqualTo("1"));
        });
    }

    [Test]
    public void PutObject_Existing_ReplacesItAndBumpsTheVersion()
    {
        var first = Server.PutObject(Objects.ConfigMap("seed", new JsonObject { ["a"] = "1" }));

        var second = Server.PutObject(Objects.ConfigMap("seed", new JsonObject { ["a"] = "2" }));

        Assert.Multiple(() =>
        {
            Assert.That(Text(second, "data.a"), Is.EqualTo("2"));
            Assert.That(Text(second, "metadata.uid"), Is.EqualTo(Text(first, "metadata.uid")));
            Assert.That(Version(second), Is.GreaterThan(Version(first)));
        });
    }

    [Test]
    public void PutObject_InvalidObject_ThrowsWithTheStatusMessage()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Server.PutObject(Objects.ConfigMap("Bad_Name")));

        Assert.That(error!.Message, Does.StartWith("422 Invalid"));
    }

    [Test]
    public void PutObject_UnknownKind_Throws()
    {
        Assert.Throws<ArgumentException>(() => Server.PutObject(
            new JsonObject { ["apiVersion"] = "example.test/v1", ["kind"] = "Nope", ["metadata"] = new JsonObject { ["name"] = "x" } }));
    }

    [Test]
    public void DeleteObject_RemovesAndReportsWhetherSomethingWasThere()
    {
        Server.PutObject(Objects.ConfigMap("seed"));

        Assert.Multiple(() =>
        {
            Assert.That(Server.DeleteObject("v1", "ConfigMap", "default", "seed"), Is.True);
            Assert.That(Server.DeleteObject("v1", "ConfigMap", "default", "seed"), Is.False);
            Assert.That(Server.GetObject("v1", "ConfigMap", "default", "seed"), Is.Null);
        });
    }

    [Test]
    public async Task PutObject_CustomResourceAfterCrd_IsServed()
    {
        Server.PutObject(Objects.WidgetDefinition());
        var widget = Objects.Widget("seeded", 4);
        widget["status"] = new JsonObject { ["phase"] = "Ready" };

        Server.PutObject(widget);
        var read = await Http.GetAsync("/apis/example.test/v1/namespaces/default/widgets/seeded");

        Assert.That(Text(read.Body, "spec.size"), Is.EqualTo("4"));
        Assert.That(Text(read.Body, "status.phase"), Is.EqualTo("Ready"));
    }

    [Test]
    public async Task ConcurrentReadModifyWrite_WithConflictRetries_LosesNoUpdate()
    {
        const int writers = 6;
        const int incrementsPerWriter = 10;
        await Http.CreateAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("counter", new JsonObject { ["n"] = "0" }));
        var conflicts = 0;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (var done = 0; done < incrementsPerWriter;)
            {
                var current = (await Http.GetAsync("/api/v1/namespaces/default/configmaps/counter")).Object;
                var n = int.Parse(current["data"]!["n"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
                current["data"]!["n"] = (n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var response = await Http.PutAsync("/api/v1/namespaces/default/configmaps/counter", current);
                if (response.Code == 409)
                {
                    Interlocked.Increment(ref conflicts);
                    continue;
                }

                Assert.That(response.Code, Is.EqualTo(200));
                done++;
            }
        })));

        var final = await Http.GetAsync("/api/v1/namespaces/default/configmaps/counter");
        Assert.That(Text(final.Body, "data.n"), Is.EqualTo((writers * incrementsPerWriter).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        TestContext.Out.WriteLine($"conflicts retried: {conflicts}");
    }
}
