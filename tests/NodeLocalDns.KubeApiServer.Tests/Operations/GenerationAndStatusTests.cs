using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Tests.Support;

namespace NodeLocalDns.KubeApiServer.Tests.Operations;

/// <summary>metadata.generation and the status subresource, per the API conventions ("Spec and Status", "metadata.generation").</summary>
[TestFixture]
public sealed class GenerationAndStatusTests : ServerTest
{
    private const string DaemonSets = "/apis/apps/v1/namespaces/kube-system/daemonsets";
    private const string Widgets = "/apis/example.test/v1/namespaces/default/widgets";

    [Test]
    public async Task Create_DaemonSet_StartsAtGenerationOneAndDropsClientStatus()
    {
        var body = Objects.DaemonSet("node-local-dns");
        body["status"] = new JsonObject { ["numberReady"] = 7 };

        var created = await Http.CreateAsync(DaemonSets, body);

        Assert.Multiple(() =>
        {
            Assert.That(Text(created, "metadata.generation"), Is.EqualTo("1"));
            Assert.That(Text(created, "status.numberReady"), Is.EqualTo("0"));
        });
    }

    [Test]
    public async Task Create_DaemonSet_AppliesApiServerDefaults()
    {
        var created = await Http.CreateAsync(DaemonSets, Objects.DaemonSet("node-local-dns"));

        Assert.Multiple(() =>
        {
            Assert.That(Text(created, "spec.updateStrategy.type"), Is.EqualTo("RollingUpdate"));
            Assert.That(Text(created, "spec.revisionHistoryLimit"), Is.EqualTo("10"));
            Assert.That(Text(created, "spec.template.spec.dnsPolicy"), Is.EqualTo("ClusterFirst"));
            Assert.That(Text(created, "spec.template.spec.restartPolicy"), Is.EqualTo("Always"));
            Assert.That(Text(created, "spec.template.spec.terminationGracePeriodSeconds"), Is.EqualTo("30"));
            Assert.That(created["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePullPolicy"]!.GetValue<string>(), Is.EqualTo("IfNotPresent"));
            Assert.That(created["spec"]!["template"]!["spec"]!["containers"]![0]!["terminationMessagePath"]!.GetValue<string>(),
                Is.EqualTo("/dev/termination-log"));
            Assert.That(created["metadata"]!["annotations"]!["deprecated.daemonset.template.generation"]!.GetValue<string>(), Is.EqualTo("1"));
        });
    }

    [Test]
    public async Task Create_DaemonSetWithoutSelector_Returns422()
    {
        var body = Objects.DaemonSet("ds");
        ((JsonObject)body["spec"]!).Remove("selector");

        var response = await Http.PostAsync(DaemonSets, body);

        Assert.That(response.Code, Is.EqualTo(422));
        Assert.That(response.Object["message"]!.GetValue<string>(), Does.Contain("spec.selector"));
    }

    [Test]
    public async Task Update_SpecChange_IncrementsGeneration()
    {
        var created = await Http.CreateAsync(DaemonSets, Objects.DaemonSet("ds"));
        created["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "example/image:2";

        var updated = (await Http.PutAsync(DaemonSets + "/ds", created)).Object;

        Assert.That(Text(updated, "metadata.generation"), Is.EqualTo("2"));
    }

    [Test]
    public async Task Update_MetadataOnlyChange_KeepsGeneration()
    {
        var created = await Http.CreateAsync(DaemonSets, Objects.DaemonSet("ds"));
        created["metadata"]!["labels"] = new JsonObject { ["team"] = "dns" };

        var updated = (await Http.PutAsync(DaemonSets + "/ds", created)).Object;

        Assert.Multiple(() =>
        {
            Assert.That(Text(updated, "metadata.generation"), Is.EqualTo("1"));
            Assert.That(Version(updated), Is.GreaterThan(Version(created)));
        });
    }

    [Test]
    public async Task Update_MainResource_IgnoresStatusChanges()
    {
        var created = await Http.CreateAsync(DaemonSets, Objects.DaemonSet("ds"));
        created["status"] = new JsonObject { ["numberReady"] = 3, ["desiredNumberScheduled"] = 3 };

        var updated = (await Http.PutAsync(DaemonSets + "/ds", created)).Object;

        Assert.Multiple(() =>
        {
            Assert.That(Text(updated, "status.numberReady"), Is.EqualTo("0"));
            Assert.That(Version(updated), Is.EqualTo(Version(created)), "an update whose only change is ignored writes nothing");
        });
    }

    [Test]
    public async Task UpdateStatus_ChangesOnlyStatusAndKeepsGeneration()
    {
        var created = await Http.CreateAsync(DaemonSets, Objects.DaemonSet("ds"));
        created["status"] = new JsonObject { ["numberReady"] = 3 };
        created["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "ignored:2";
        created["metadata"]!["labels"] = new JsonObject { ["ignored"] = "yes" };

        var updated = (await Http.PutAsync(DaemonSets + "/ds/status", created)).Object;

        Assert.Multiple(() =>
        {
            Assert.That(Text(updated, "status.numberReady"), Is.EqualTo("3"));
            Assert.That(updated["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>(), Does.Not.Contain("ignored"));
            Assert.That(updated["metadata"]!["labels"], Is.Null);
            Assert.That(Text(updated, "metadata.generation"), Is.EqualTo("1"));
        });
    }

    [Test]
    public async Task PatchStatus_StaleResourceVersionInPatch_Returns409()
    {
        var created = await Http.CreateAsync(DaemonSets, Objects.DaemonSet("ds"));
        await Http.PatchAsync(DaemonSets + "/ds", "application/merge-patch+json", """{"metadata":{"labels":{"a":"b"}}}""");

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = Text(created, "metadata.resourceVersion") },
            ["status"] = new JsonObject { ["numberReady"] = 1 },
        };
        var response = await Http.PatchAsync(DaemonSets + "/ds/status", "application/merge-patch+json", patch);

        Assert.That(response.Code, Is.EqualTo(409));
    }

    [Test]
    public async Task CustomResource_WithStatusSubresource_SpecChangeBumpsGenerationStatusChangeDoesNot()
    {
        await CreateWidgetDefinitionAsync();
        var created = await Http.CreateAsync(Widgets, Objects.Widget("w"));

        var afterSpec = (await Http.PatchAsync(Widgets + "/w", "application/merge-patch+json", """{"spec":{"size":2}}""")).Object;
        var afterStatus = (await Http.PatchAsync(Widgets + "/w/status", "application/merge-patch+json", """{"status":{"phase":"Ready"}}""")).Object;
        var ignoredStatus = (await Http.PatchAsync(Widgets + "/w", "application/merge-patch+json", """{"status":{"phase":"Hacked"}}""")).Object;

        Assert.Multiple(() =>
        {
            Assert.That(Text(created, "metadata.generation"), Is.EqualTo("1"));
            Assert.That(Text(afterSpec, "metadata.generation"), Is.EqualTo("2"));
            Assert.That(Text(afterStatus, "metadata.generation"), Is.EqualTo("2"));
            Assert.That(Text(afterStatus, "status.phase"), Is.EqualTo("Ready"));
            Assert.That(Text(ignoredStatus, "status.phase"), Is.EqualTo("Ready"));
        });
    }

    [Test]
    public async Task CustomResource_WithoutStatusSubresource_StatusIsPartOfTheObject()
    {
        await CreateWidgetDefinitionAsync(statusSubresource: false);
        await Http.CreateAsync(Widgets, Objects.Widget("w"));

        var patched = (await Http.PatchAsync(Widgets + "/w", "application/merge-patch+json", """{"status":{"phase":"Ready"}}""")).Object;
        var statusPath = await Http.GetAsync(Widgets + "/w/status");

        Assert.Multiple(() =>
        {
            Assert.That(Text(patched, "status.phase"), Is.EqualTo("Ready"));
            Assert.That(Text(patched, "metadata.generation"), Is.EqualTo("2"), "without a status subresource every non-metadata change counts");
            Assert.That(statusPath.Code, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task Writes_ResourceVersionsIncreaseMonotonicallyAcrossResources()
    {
        var versions = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            versions.Add(Version(await Http.CreateAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap($"c{i}"))));
            versions.Add(Version(await Http.CreateAsync("/api/v1/namespaces/default/services", Objects.Service($"s{i}"))));
        }

        Assert.That(versions, Is.Ordered.Ascending);
        Assert.That(versions.Distinct().Count(), Is.EqualTo(versions.Count));
    }

    [Test]
    public async Task Namespace_Create_GetsPhaseActiveFinalizerAndNameLabel()
    {
        var created = await Http.CreateAsync("/api/v1/namespaces", Objects.Namespace("team-b"));

        Assert.Multiple(() =>
        {
            Assert.That(Text(created, "status.phase"), Is.EqualTo("Active"));
            Assert.That(created["spec"]!["finalizers"]![0]!.GetValue<string>(), Is.EqualTo("kubernetes"));
            Assert.That(created["metadata"]!["labels"]!["kubernetes.io/metadata.name"]!.GetValue<string>(), Is.EqualTo("team-b"));
        });
    }
}
