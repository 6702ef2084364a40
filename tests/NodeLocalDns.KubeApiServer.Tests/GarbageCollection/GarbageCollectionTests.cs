using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Tests.Support;

namespace NodeLocalDns.KubeApiServer.Tests.GarbageCollection;

/// <summary>Owner references and cascading deletion ("Garbage Collection" and "Use Cascading Deletion" in the Kubernetes docs).</summary>
[TestFixture]
public sealed class GarbageCollectionTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const string Widgets = "/apis/example.test/v1/namespaces/default/widgets";

    [Test]
    public async Task DeleteBackground_OwnerGone_DependentsAreDeletedRecursively()
    {
        await CreateWidgetDefinitionAsync();
        var owner = await Http.CreateAsync(Widgets, Objects.Widget("owner"));
        var child = await Http.CreateAsync(ConfigMaps, Owned(Objects.ConfigMap("child"), owner));
        await Http.CreateAsync(ConfigMaps, Owned(Objects.ConfigMap("grandchild"), child));
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("bystander"));

        await Http.DeleteAsync(Widgets + "/owner");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await Http.GetAsync(ConfigMaps + "/child")).Code, Is.EqualTo(404));
            Assert.That((await Http.GetAsync(ConfigMaps + "/grandchild")).Code, Is.EqualTo(404));
            Assert.That((await Http.GetAsync(ConfigMaps + "/bystander")).Code, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task DeleteBackground_ClusterScopedOwner_DeletesDependentsInEveryNamespace()
    {
        var owner = await Http.CreateAsync("/api/v1/nodes",
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["metadata"] = new JsonObject { ["name"] = "node-1" } });
        await Http.CreateAsync(ConfigMaps, Owned(Objects.ConfigMap("a"), owner));
        await Http.CreateAsync("/api/v1/namespaces/kube-system/configmaps", Owned(Objects.ConfigMap("b"), owner));

        await Http.DeleteAsync("/api/v1/nodes/node-1");

        Assert.That((await Http.GetAsync("/api/v1/configmaps")).Object["items"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Delete_DependentWithAnotherLiveOwner_SurvivesWithoutTheDanglingReference()
    {
        var first = await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("first"));
        var second = await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("second"));
        var body = Objects.ConfigMap("shared");
        body["metadata"]!["ownerReferences"] = new JsonArray(Objects.OwnerReference(first), Objects.OwnerReference(second));
        await Http.CreateAsync(ConfigMaps, body);

        await Http.DeleteAsync(ConfigMaps + "/first");
        var shared = await Http.GetAsync(ConfigMaps + "/shared");

        Assert.That(shared.Code, Is.EqualTo(200));
        Assert.That(shared.Object["metadata"]!["ownerReferences"]!.AsArray().Select(reference => reference!["name"]!.GetValue<string>()),
            Is.EqualTo(new[] { "second" }));
    }

    [Test]
    public async Task DeleteOrphan_DependentsKeepLivingWithoutOwnerReference()
    {
        var owner = await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("owner"));
        await Http.CreateAsync(ConfigMaps, Owned(Objects.ConfigMap("child"), owner));

        var response = await Http.DeleteAsync(ConfigMaps + "/owner?propagationPolicy=Orphan");
        var child = await Http.GetAsync(ConfigMaps + "/child");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(response.Code, Is.EqualTo(200));
            Assert.That((await Http.GetAsync(ConfigMaps + "/owner")).Code, Is.EqualTo(404));
            Assert.That(child.Code, Is.EqualTo(200));
            Assert.That(child.Object["metadata"]!["ownerReferences"], Is.Null);
        });
    }

    [Test]
    public async Task DeleteForeground_OwnerWaitsForBlockingDependents()
    {
        var owner = await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("owner"));
        var child = Owned(Objects.ConfigMap("child"), owner, blockOwnerDeletion: true);
        child["metadata"]!["finalizers"] = new JsonArray("example.test/slow");
        await Http.CreateAsync(ConfigMaps, child);

        var response = await Http.DeleteAsync(ConfigMaps + "/owner", new JsonObject { ["propagationPolicy"] = "Foreground" });
        var ownerWhileWaiting = await Http.GetAsync(ConfigMaps + "/owner");
        var childWhileWaiting = await Http.GetAsync(ConfigMaps + "/child");

        Assert.Multiple(() =>
        {
            Assert.That(Text(response.Body, "metadata.deletionTimestamp"), Is.Not.Null);
            Assert.That(ownerWhileWaiting.Object["metadata"]!["finalizers"]!.AsArray().Select(item => item!.GetValue<string>()),
                Does.Contain("foregroundDeletion"));
            Assert.That(Text(childWhileWaiting.Body, "metadata.deletionTimestamp"), Is.Not.Null);
        });

        await Http.PatchAsync(ConfigMaps + "/child", "application/json-patch+json", """[{"op":"remove","path":"/metadata/finalizers"}]""");

        Assert.That((await Http.GetAsync(ConfigMaps + "/child")).Code, Is.EqualTo(404));
        Assert.That((await Http.GetAsync(ConfigMaps + "/owner")).Code, Is.EqualTo(404));
    }

    [Test]
    public async Task Delete_WatchersSeeDependentDeletions()
    {
        var owner = await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("owner"));
        await Http.CreateAsync(ConfigMaps, Owned(Objects.ConfigMap("child"), owner));
        await using var watch = await WatchStream.OpenAsync(Http.Client, $"{ConfigMaps}?watch=true&resourceVersion={Server.ResourceVersion}");

        await Http.DeleteAsync(ConfigMaps + "/owner");
        var events = await watch.TakeChangesAsync(2);

        Assert.That(events.Select(change => $"{WatchStream.TypeOf(change)} {WatchStream.NameOf(change)}"),
            Is.EqualTo(new[] { "DELETED owner", "DELETED child" }));
    }

    [Test]
    public async Task DeleteNamespace_RemovesItsContentsThenTheNamespace()
    {
        await Http.CreateAsync("/api/v1/namespaces", Objects.Namespace("doomed"));
        await Http.CreateAsync("/api/v1/namespaces/doomed/configmaps", Objects.ConfigMap("a"));
        await Http.CreateAsync("/apis/apps/v1/namespaces/doomed/daemonsets", Objects.DaemonSet("ds"));

        var response = await Http.DeleteAsync("/api/v1/namespaces/doomed");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(Text(response.Body, "status.phase"), Is.EqualTo("Terminating"));
            Assert.That((await Http.GetAsync("/api/v1/namespaces/doomed/configmaps/a")).Code, Is.EqualTo(404));
            Assert.That((await Http.GetAsync("/api/v1/namespaces/doomed")).Code, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task DeleteNamespace_WithFinalizedContent_StaysTerminatingAndRefusesNewContent()
    {
        await Http.CreateAsync("/api/v1/namespaces", Objects.Namespace("doomed"));
        var held = Objects.ConfigMap("held");
        held["metadata"]!["finalizers"] = new JsonArray("example.test/hold");
        await Http.CreateAsync("/api/v1/namespaces/doomed/configmaps", held);

        await Http.DeleteAsync("/api/v1/namespaces/doomed");
        var create = await Http.PostAsync("/api/v1/namespaces/doomed/configmaps", Objects.ConfigMap("late"));
        var ns = await Http.GetAsync("/api/v1/namespaces/doomed");

        Assert.Multiple(() =>
        {
            Assert.That(create.Code, Is.EqualTo(403));
            Assert.That(Text(ns.Body, "status.phase"), Is.EqualTo("Terminating"));
        });

        await Http.PatchAsync("/api/v1/namespaces/doomed/configmaps/held", "application/merge-patch+json", """{"metadata":{"finalizers":null}}""");
        Assert.That((await Http.GetAsync("/api/v1/namespaces/doomed")).Code, Is.EqualTo(404));
    }

    [Test]
    public async Task DeleteCustomResourceDefinition_DeletesItsObjectsAndStopsServingThem()
    {
        await CreateWidgetDefinitionAsync();
        await Http.CreateAsync(Widgets, Objects.Widget("w"));

        await Http.DeleteAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.test");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await Http.GetAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.test")).Code, Is.EqualTo(404));
            Assert.That((await Http.GetAsync(Widgets)).Code, Is.EqualTo(404));
            Assert.That(Server.ListObjects("v1", "Namespace").Count, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Create_WithReferenceToAbsentOwner_IsCollected()
    {
        var body = Objects.ConfigMap("orphan");
        body["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["name"] = "ghost",
            ["uid"] = Guid.NewGuid().ToString(),
        });

        await Http.PostAsync(ConfigMaps, body);

        Assert.That((await Http.GetAsync(ConfigMaps + "/orphan")).Code, Is.EqualTo(404));
    }

    private static JsonObject Owned(JsonObject dependent, JsonObject owner, bool blockOwnerDeletion = false)
    {
        dependent["metadata"]!["ownerReferences"] = new JsonArray(Objects.OwnerReference(owner, blockOwnerDeletion));
        return dependent;
    }
}
