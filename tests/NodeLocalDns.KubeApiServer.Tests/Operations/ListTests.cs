using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Tests.Support;

namespace NodeLocalDns.KubeApiServer.Tests.Operations;

/// <summary>LIST: selectors, cross-namespace collections, resourceVersion semantics and chunking (API concepts).</summary>
[TestFixture]
public sealed class ListTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [SetUp]
    public async Task SeedAsync()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("a", labels: new JsonObject { ["app"] = "dns", ["tier"] = "node" }));
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("b", labels: new JsonObject { ["app"] = "dns", ["tier"] = "cluster" }));
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("c", labels: new JsonObject { ["app"] = "web" }));
        await Http.CreateAsync("/api/v1/namespaces/kube-system/configmaps", Objects.ConfigMap("d", labels: new JsonObject { ["app"] = "dns" }));
    }

    [TestCase("app=dns", new[] { "a", "b" })]
    [TestCase("app!=dns", new[] { "c" })]
    [TestCase("tier", new[] { "a", "b" })]
    [TestCase("!tier", new[] { "c" })]
    [TestCase("tier in (node,edge)", new[] { "a" })]
    [TestCase("tier notin (node)", new[] { "b", "c" })]
    public async Task List_LabelSelector_ReturnsMatchingObjects(string selector, string[] expected)
    {
        var response = await Http.GetAsync(ConfigMaps + "?labelSelector=" + Uri.EscapeDataString(selector));

        Assert.That(Names(response.Object), Is.EqualTo(expected));
    }

    [Test]
    public async Task List_FieldSelectorOnName_ReturnsThatObject()
    {
        var response = await Http.GetAsync(ConfigMaps + "?fieldSelector=metadata.name%3Db");

        Assert.That(Names(response.Object), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public async Task List_FieldSelectorNotEqual_ExcludesThatObject()
    {
        var response = await Http.GetAsync(ConfigMaps + "?fieldSelector=metadata.name!%3Db");

        Assert.That(Names(response.Object), Is.EqualTo(new[] { "a", "c" }));
    }

    [Test]
    public async Task List_UnsupportedFieldLabel_Returns400()
    {
        var response = await Http.GetAsync(ConfigMaps + "?fieldSelector=data.key%3Dx");

        Assert.That(response.Code, Is.EqualTo(400));
        Assert.That(response.Object["message"]!.GetValue<string>(), Does.Contain("field label not supported"));
    }

    [Test]
    public async Task List_AllNamespaces_SpansNamespacesAndFiltersByNamespaceField()
    {
        var all = await Http.GetAsync("/api/v1/configmaps?labelSelector=app%3Ddns");
        var kubeSystem = await Http.GetAsync("/api/v1/configmaps?fieldSelector=metadata.namespace%3Dkube-system");

        Assert.That(Names(all.Object), Is.EqualTo(new[] { "a", "b", "d" }));
        Assert.That(Names(kubeSystem.Object), Is.EqualTo(new[] { "d" }));
    }

    [Test]
    public async Task List_Response_IsAListWithTheCurrentResourceVersion()
    {
        var response = await Http.GetAsync(ConfigMaps);

        Assert.Multiple(() =>
        {
            Assert.That(Text(response.Body, "kind"), Is.EqualTo("ConfigMapList"));
            Assert.That(Text(response.Body, "apiVersion"), Is.EqualTo("v1"));
            Assert.That(long.Parse(response.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(Server.ResourceVersion));
        });
    }

    [Test]
    public async Task List_LimitAndContinue_PagesThroughAConsistentSnapshot()
    {
        var first = await Http.GetAsync(ConfigMaps + "?limit=2");
        var token = Text(first.Body, "metadata.continue");
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("zz-created-between-pages"));
        var second = await Http.GetAsync(ConfigMaps + "?limit=2&continue=" + Uri.EscapeDataString(token!));

        Assert.Multiple(() =>
        {
            Assert.That(Names(first.Object), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(Text(first.Body, "metadata.remainingItemCount"), Is.EqualTo("1"));
            Assert.That(Names(second.Object), Is.EqualTo(new[] { "c" }), "the second page is read at the first page's version");
            Assert.That(Text(second.Body, "metadata.continue"), Is.Null);
            Assert.That(second.ResourceVersion, Is.EqualTo(first.ResourceVersion));
        });
    }

    [Test]
    public async Task List_ExactResourceVersion_ReturnsTheStateAtThatVersion()
    {
        var before = await Http.GetAsync(ConfigMaps);
        await Http.DeleteAsync(ConfigMaps + "/a");
        await Http.PatchAsync(ConfigMaps + "/b", "application/merge-patch+json", """{"data":{"key":"changed"}}""");

        var exact = await Http.GetAsync($"{ConfigMaps}?resourceVersion={before.ResourceVersion}&resourceVersionMatch=Exact");

        Assert.Multiple(() =>
        {
            Assert.That(Names(exact.Object), Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That(Text(exact.Object["items"]![1], "data.key"), Is.EqualTo("value"));
            Assert.That(exact.ResourceVersion, Is.EqualTo(before.ResourceVersion));
        });
    }

    [Test]
    public async Task List_ExactResourceVersionAfterCompaction_Returns410Expired()
    {
        var before = await Http.GetAsync(ConfigMaps);
        await Http.DeleteAsync(ConfigMaps + "/a");
        Server.ExpireWatchHistory();

        var exact = await Http.GetAsync($"{ConfigMaps}?resourceVersion={before.ResourceVersion}&resourceVersionMatch=Exact");

        Assert.That(exact.Code, Is.EqualTo(410));
        Assert.That(exact.Reason, Is.EqualTo("Expired"));
    }

    [Test]
    public async Task List_ResourceVersionNewerThanServer_Returns504TooLarge()
    {
        var response = await Http.GetAsync($"{ConfigMaps}?resourceVersion={Server.ResourceVersion + 100}");

        Assert.That(response.Code, Is.EqualTo(504));
        Assert.That(response.Object["details"]!["causes"]![0]!["reason"]!.GetValue<string>(), Is.EqualTo("ResourceVersionTooLarge"));
    }

    [Test]
    public async Task List_ResourceVersionMatchWithoutVersion_Returns400()
    {
        var response = await Http.GetAsync($"{ConfigMaps}?resourceVersionMatch=Exact");

        Assert.That(response.Code, Is.EqualTo(400));
    }

    [Test]
    public async Task List_BuiltInItems_CarryNoKindButCustomItemsDo()
    {
        await CreateWidgetDefinitionAsync();
        await Http.CreateAsync("/apis/example.test/v1/namespaces/default/widgets", Objects.Widget("w"));

        var builtIn = await Http.GetAsync(ConfigMaps);
        var custom = await Http.GetAsync("/apis/example.test/v1/namespaces/default/widgets");

        Assert.That(builtIn.Object["items"]![0]!["kind"], Is.Null);
        Assert.That(Text(custom.Object["items"]![0], "kind"), Is.EqualTo("Widget"));
    }

    private static string[] Names(JsonObject list) =>
        list["items"]!.AsArray().Select(item => item!["metadata"]!["name"]!.GetValue<string>()).ToArray();
}
