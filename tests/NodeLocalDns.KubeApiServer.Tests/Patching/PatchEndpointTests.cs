using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Tests.Support;

namespace NodeLocalDns.KubeApiServer.Tests.Patching;

/// <summary>PATCH with each patch type over HTTP, including the failure answers.</summary>
[TestFixture]
public sealed class PatchEndpointTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const string Widgets = "/apis/example.test/v1/namespaces/default/widgets";

    [Test]
    public async Task MergePatch_UpdatesAndDeletesKeys()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("x", new JsonObject { ["a"] = "1", ["b"] = "2" }));

        var response = await Http.PatchAsync(ConfigMaps + "/x", "application/merge-patch+json", """{"data":{"a":"10","b":null,"c":"3"}}""");

        Assert.That(response.Code, Is.EqualTo(200));
        Assert.That(response.Object["data"]!.ToJsonString(), Is.EqualTo("""{"a":"10","c":"3"}"""));
    }

    [Test]
    public async Task MergePatch_WithCharsetParameter_IsAccepted()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("x"));

        var response = await Http.PatchAsync(ConfigMaps + "/x", "application/merge-patch+json; charset=utf-8", """{"data":{"k":"v"}}""");

        Assert.That(response.Code, Is.EqualTo(200));
    }

    [Test]
    public async Task MergePatch_Missing_Returns404()
    {
        var response = await Http.PatchAsync(ConfigMaps + "/absent", "application/merge-patch+json", """{"data":{}}""");

        Assert.That(response.Code, Is.EqualTo(404));
    }

    [Test]
    public async Task MergePatch_MalformedJson_Returns400()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("x"));

        var response = await Http.PatchAsync(ConfigMaps + "/x", "application/merge-patch+json", """{"data":""");

        Assert.That(response.Code, Is.EqualTo(400));
    }

    [Test]
    public async Task MergePatch_StaleResourceVersion_Returns409()
    {
        var created = await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("x"));
        await Http.PatchAsync(ConfigMaps + "/x", "application/merge-patch+json", """{"data":{"k":"1"}}""");

        var response = await Http.PatchAsync(ConfigMaps + "/x", "application/merge-patch+json",
            new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = Text(created, "metadata.resourceVersion") },
                ["data"] = new JsonObject { ["k"] = "2" },
            });

        Assert.That(response.Code, Is.EqualTo(409));
    }

    [Test]
    public async Task JsonPatch_AppliesOperationsInOrder()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("x", new JsonObject { ["a"] = "1" }));

        var response = await Http.PatchAsync(ConfigMaps + "/x", "application/json-patch+json", """
            [
              {"op":"test","path":"/data/a","value":"1"},
              {"op":"add","path":"/data/b","value":"2"},
              {"op":"replace","path":"/data/a","value":"10"},
              {"op":"copy","from":"/data/b","path":"/data/c"},
              {"op":"move","from":"/data/c","path":"/data/d"},
              {"op":"remove","path":"/data/b"},
              {"op":"add","path":"/metadata/labels","value":{}},
              {"op":"add","path":"/metadata/labels/example.com~1role","value":"dns"}
            ]
            """);

        Assert.That(response.Code, Is.EqualTo(200));
        Assert.That(response.Object["data"]!.ToJsonString(), Is.EqualTo("""{"a":"10","d":"2"}"""));
        Assert.That(response.Object["metadata"]!["labels"]!["example.com/role"]!.GetValue<string>(), Is.EqualTo("dns"));
    }

    [Test]
    public async Task JsonPatch_FailedTest_Returns422AndChangesNothing()
    {
        var created = await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("x", new JsonObject { ["a"] = "1" }));

        var response = await Http.PatchAsync(ConfigMaps + "/x", "application/json-patch+json",
            """[{"op":"replace","path":"/data/a","value":"2"},{"op":"test","path":"/data/a","value":"1"}]""");
        var stored = await Http.GetAsync(ConfigMaps + "/x");

        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(422));
            Assert.That(Text(stored.Body, "data.a"), Is.EqualTo("1"));
            Assert.That(stored.ResourceVersion, Is.EqualTo(Text(created, "metadata.resourceVersion")));
        });
    }

    [Test]
    public async Task JsonPatch_RemoveMissingPath_Returns422()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("x"));

        var response = await Http.PatchAsync(ConfigMaps + "/x", "application/json-patch+json", """[{"op":"remove","path":"/data/nope"}]""");

        Assert.That(response.Code, Is.EqualTo(422));
    }

    [Test]
    public async Task JsonPatch_NotAnArray_Returns400()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("x"));

        var response = await Http.PatchAsync(ConfigMaps + "/x", "application/json-patch+json", """{"op":"remove"}""");

        Assert.That(response.Code, Is.EqualTo(400));
    }

    [Test]
    public async Task StrategicMergePatch_DaemonSetContainer_MergesByName()
    {
        await Http.CreateAsync("/apis/apps/v1/namespaces/default/daemonsets", Objects.DaemonSet("ds"));

        var response = await Http.PatchAsync("/apis/apps/v1/namespaces/default/daemonsets/ds", "application/strategic-merge-patch+json",
            """{"spec":{"template":{"spec":{"containers":[{"name":"node-cache","image":"new:1"}]}}}}""");

        var container = response.Object["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(container["image"]!.GetValue<string>(), Is.EqualTo("new:1"));
            Assert.That(container["ports"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(Text(response.Body, "metadata.generation"), Is.EqualTo("2"));
        });
    }

    [Test]
    public async Task StrategicMergePatch_CustomResource_Returns415()
    {
        await CreateWidgetDefinitionAsync();
        await Http.CreateAsync(Widgets, Objects.Widget("w"));

        var response = await Http.PatchAsync(Widgets + "/w", "application/strategic-merge-patch+json", """{"spec":{"size":2}}""");

        Assert.That(response.Code, Is.EqualTo(415));
        Assert.That(response.Reason, Is.EqualTo("UnsupportedMediaType"));
    }

    [Test]
    public async Task Patch_UnknownContentType_Returns415()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("x"));

        var response = await Http.PatchAsync(ConfigMaps + "/x", "text/plain", "hello");

        Assert.That(response.Code, Is.EqualTo(415));
    }

    [Test]
    public async Task Apply_AbsentObject_CreatesIt()
    {
        var response = await Http.PatchAsync(ConfigMaps + "/applied?fieldManager=test", "application/apply-patch+yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: applied
            data:
              a: "1"
            """);

        Assert.That(response.Code, Is.EqualTo(201));
        Assert.That(Text(response.Body, "data.a"), Is.EqualTo("1"));
    }

    [Test]
    public async Task Apply_Again_UpdatesAndRemovesFieldsTheManagerDropped()
    {
        const string first = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  labels:\n    a: \"1\"\n    b: \"2\"\n" +
            "data:\n  x: \"1\"\n  y: \"2\"\n";
        const string second = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  labels:\n    a: \"1\"\ndata:\n  x: \"10\"\n";
        await Http.PatchAsync(ConfigMaps + "/applied?fieldManager=op", "application/apply-patch+yaml", first);
        await Http.PatchAsync(ConfigMaps + "/applied", "application/merge-patch+json", """{"data":{"other":"kept"}}""");

        var response = await Http.PatchAsync(ConfigMaps + "/applied?fieldManager=op&force=true", "application/apply-patch+yaml", second);

        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(200));
            Assert.That(response.Object["data"]!.ToJsonString(), Is.EqualTo("""{"x":"10","other":"kept"}"""));
            Assert.That(response.Object["metadata"]!["labels"]!.ToJsonString(), Is.EqualTo("""{"a":"1"}"""));
        });
    }

    [Test]
    public async Task Apply_UnchangedConfiguration_WritesNothing()
    {
        const string config = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  x: \"1\"\n";
        await Http.PatchAsync(ConfigMaps + "/applied?fieldManager=op", "application/apply-patch+yaml", config);
        var version = Server.ResourceVersion;

        await Http.PatchAsync(ConfigMaps + "/applied?fieldManager=op", "application/apply-patch+yaml", config);

        Assert.That(Server.ResourceVersion, Is.EqualTo(version));
    }

    [Test]
    public async Task Apply_WithoutFieldManager_Returns400()
    {
        var response = await Http.PatchAsync(ConfigMaps + "/applied", "application/apply-patch+yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n");

        Assert.That(response.Code, Is.EqualTo(400));
    }

    [Test]
    public async Task Apply_CustomResourceAsJson_CreatesThenMerges()
    {
        await CreateWidgetDefinitionAsync();
        var created = await Http.PatchAsync(Widgets + "/w?fieldManager=op", "application/apply-patch+yaml", Objects.Widget("w", 1).ToJsonString());

        var applied = await Http.PatchAsync(Widgets + "/w?fieldManager=op", "application/apply-patch+yaml", Objects.Widget("w", 4).ToJsonString());

        Assert.That(created.Code, Is.EqualTo(201));
        Assert.That(Text(applied.Body, "spec.size"), Is.EqualTo("4"));
    }

    [Test]
    public async Task PatchStatus_OnCustomResource_ChangesOnlyStatus()
    {
        await CreateWidgetDefinitionAsync();
        await Http.CreateAsync(Widgets, Objects.Widget("w", 1));

        var response = await Http.PatchAsync(Widgets + "/w/status", "application/json-patch+json",
            """[{"op":"add","path":"/status","value":{"ready":true}},{"op":"replace","path":"/spec/size","value":9}]""");

        Assert.Multiple(() =>
        {
            Assert.That(Text(response.Body, "status.ready"), Is.EqualTo("true"));
            Assert.That(Text(response.Body, "spec.size"), Is.EqualTo("1"));
        });
    }
}
