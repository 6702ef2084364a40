using System.Net;
using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Tests.Support;

namespace NodeLocalDns.KubeApiServer.Tests.Http;

/// <summary>Create, get, update and delete as the API conventions describe them, checked on the wire.</summary>
[TestFixture]
public sealed class CrudTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Test]
    public async Task Create_NewObject_FillsServerOwnedMetadata()
    {
        var created = await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("settings"));

        var metadata = created["metadata"]!;
        Assert.Multiple(() =>
        {
            Assert.That(Guid.TryParse(metadata["uid"]!.GetValue<string>(), out _), Is.True);
            Assert.That(DateTimeOffset.TryParse(metadata["creationTimestamp"]!.GetValue<string>(), out _), Is.True);
            Assert.That(Version(created), Is.EqualTo(Server.ResourceVersion));
            Assert.That(metadata["namespace"]!.GetValue<string>(), Is.EqualTo("default"));
            Assert.That(metadata["generation"], Is.Null, "ConfigMaps have no generation");
            Assert.That(created["kind"]!.GetValue<string>(), Is.EqualTo("ConfigMap"));
        });
    }

    [Test]
    public async Task Create_ExistingName_Returns409AlreadyExists()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("settings"));

        var response = await Http.PostAsync(ConfigMaps, Objects.ConfigMap("settings"));

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(response.Object["kind"]!.GetValue<string>(), Is.EqualTo("Status"));
            Assert.That(response.Object["status"]!.GetValue<string>(), Is.EqualTo("Failure"));
            Assert.That(response.Reason, Is.EqualTo("AlreadyExists"));
            Assert.That(response.Object["code"]!.GetValue<int>(), Is.EqualTo(409));
            Assert.That(Text(response.Body, "details.name"), Is.EqualTo("settings"));
            Assert.That(Text(response.Body, "details.kind"), Is.EqualTo("configmaps"));
        });
    }

    [Test]
    public async Task Create_GenerateName_AppendsFiveRandomCharacters()
    {
        var body = Objects.ConfigMap(string.Empty);
        body["metadata"] = new JsonObject { ["generateName"] = "job-" };

        var first = await Http.CreateAsync(ConfigMaps, body);
        var second = await Http.CreateAsync(ConfigMaps, (JsonObject)body.DeepClone());

        var firstName = Text(first, "metadata.name")!;
        Assert.Multiple(() =>
        {
            Assert.That(firstName, Does.Match("^job-[a-z0-9]{5}$"));
            Assert.That(Text(second, "metadata.name"), Is.Not.EqualTo(firstName));
        });
    }

    [Test]
    public async Task Create_WithoutName_Returns422Invalid()
    {
        var body = Objects.ConfigMap("x");
        body["metadata"] = new JsonObject();

        var response = await Http.PostAsync(ConfigMaps, body);

        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(422));
            Assert.That(response.Reason, Is.EqualTo("Invalid"));
            Assert.That(Text(response.Body, "details.kind"), Is.EqualTo("ConfigMap"));
            Assert.That(response.Object["details"]!["causes"]![0]!["field"]!.GetValue<string>(), Is.EqualTo("metadata.name"));
        });
    }

    [Test]
    public async Task Create_InvalidName_Returns422WithTheRfc1123Message()
    {
        var response = await Http.PostAsync(ConfigMaps, Objects.ConfigMap("Not_Valid"));

        Assert.That(response.Code, Is.EqualTo(422));
        Assert.That(response.Object["message"]!.GetValue<string>(), Does.Contain("RFC 1123 subdomain"));
    }

    [TestCase("app", "has space")]
    [TestCase("bad key!", "x")]
    [TestCase("example.com/", "x")]
    [TestCase("app", "-leading-dash")]
    [TestCase("app", "v1.2.3+build")]
    public async Task Create_InvalidLabel_Returns422(string key, string value)
    {
        var response = await Http.PostAsync(ConfigMaps, Objects.ConfigMap("x", labels: new JsonObject { [key] = value }));

        Assert.That(response.Code, Is.EqualTo(422));
        Assert.That(response.Object["details"]!["causes"]![0]!["field"]!.GetValue<string>(), Does.StartWith("metadata.labels"));
    }

    [TestCase("app.kubernetes.io/name", "node-local-dns")]
    [TestCase("example.com/Empty", "")]
    [TestCase("A_b.c", "X_y.Z")]
    public async Task Create_ValidLabel_IsAccepted(string key, string value)
    {
        var response = await Http.PostAsync(ConfigMaps, Objects.ConfigMap("x", labels: new JsonObject { [key] = value }));

        Assert.That(response.Code, Is.EqualTo(201));
    }

    [Test]
    public async Task Create_NamespaceMismatchBetweenUrlAndBody_Returns400()
    {
        var body = Objects.ConfigMap("x");
        body["metadata"]!["namespace"] = "kube-system";

        var response = await Http.PostAsync(ConfigMaps, body);

        // The apiserver answers BadRequest here (EnsureObjectNamespaceMatchesRequestNamespace), not Invalid.
        Assert.That(response.Code, Is.EqualTo(400));
        Assert.That(response.Reason, Is.EqualTo("BadRequest"));
    }

    [Test]
    public async Task Create_InMissingNamespace_Returns404ForTheNamespace()
    {
        var response = await Http.PostAsync("/api/v1/namespaces/nowhere/configmaps", Objects.ConfigMap("x"));

        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(404));
            Assert.That(Text(response.Body, "details.kind"), Is.EqualTo("namespaces"));
            Assert.That(Text(response.Body, "details.name"), Is.EqualTo("nowhere"));
        });
    }

    [Test]
    public async Task Create_InCreatedNamespace_Succeeds()
    {
        await Http.CreateAsync("/api/v1/namespaces", Objects.Namespace("team-a"));

        var response = await Http.PostAsync("/api/v1/namespaces/team-a/configmaps", Objects.ConfigMap("x"));

        Assert.That(response.Code, Is.EqualTo(201));
    }

    [Test]
    public async Task Create_MalformedJson_Returns400BadRequest()
    {
        var response = await Http.SendAsync(HttpMethod.Post, ConfigMaps, "{\"metadata\": ", "application/json");

        Assert.That(response.Code, Is.EqualTo(400));
        Assert.That(response.Reason, Is.EqualTo("BadRequest"));
    }

    [Test]
    public async Task Create_WrongApiVersionInBody_Returns400()
    {
        var body = Objects.ConfigMap("x");
        body["apiVersion"] = "apps/v1";

        var response = await Http.PostAsync(ConfigMaps, body);

        Assert.That(response.Code, Is.EqualTo(400));
    }

    [Test]
    public async Task Create_WithResourceVersion_IsRejected()
    {
        var body = Objects.ConfigMap("x");
        body["metadata"]!["resourceVersion"] = "5";

        var response = await Http.PostAsync(ConfigMaps, body);

        Assert.That(response.Code, Is.EqualTo(500));
        Assert.That(response.Object["message"]!.GetValue<string>(), Does.Contain("resourceVersion should not be set"));
    }

    [Test]
    public async Task Create_YamlBody_IsAccepted()
    {
        var response = await Http.SendAsync(HttpMethod.Post, ConfigMaps,
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  port: \"53\"\n", "application/yaml");

        Assert.That(response.Code, Is.EqualTo(201));
        Assert.That(Text(response.Body, "data.port"), Is.EqualTo("53"));
    }

    [Test]
    public async Task Get_Missing_Returns404WithDetails()
    {
        var response = await Http.GetAsync(ConfigMaps + "/absent");

        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(404));
            Assert.That(response.Reason, Is.EqualTo("NotFound"));
            Assert.That(response.Object["message"]!.GetValue<string>(), Is.EqualTo("configmaps \"absent\" not found"));
            Assert.That(Text(response.Body, "details.name"), Is.EqualTo("absent"));
            Assert.That(Text(response.Body, "details.kind"), Is.EqualTo("configmaps"));
        });
    }

    [Test]
    public async Task Get_MissingGroupedResource_QualifiesTheResourceWithItsGroup()
    {
        var response = await Http.GetAsync("/apis/apps/v1/namespaces/default/daemonsets/absent");

        Assert.That(response.Object["message"]!.GetValue<string>(), Is.EqualTo("daemonsets.apps \"absent\" not found"));
        Assert.That(Text(response.Body, "details.group"), Is.EqualTo("apps"));
    }

    [Test]
    public async Task Get_UnknownResource_Returns404()
    {
        var response = await Http.GetAsync("/api/v1/namespaces/default/gizmos");

        Assert.That(response.Code, Is.EqualTo(404));
    }

    [Test]
    public async Task Post_OnNamedObject_Returns405()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("x"));

        var response = await Http.PostAsync(ConfigMaps + "/x", Objects.ConfigMap("x"));

        Assert.That(response.Code, Is.EqualTo(405));
        Assert.That(response.Reason, Is.EqualTo("MethodNotAllowed"));
    }

    [Test]
    public async Task Put_StaleResourceVersion_Returns409Conflict()
    {
        var created = await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("x"));
        var first = (JsonObject)created.DeepClone();
        first["data"] = new JsonObject { ["key"] = "first" };
        Assert.That((await Http.PutAsync(ConfigMaps + "/x", first)).Code, Is.EqualTo(200));

        var stale = (JsonObject)created.DeepClone();
        stale["data"] = new JsonObject { ["key"] = "stale" };
        var response = await Http.PutAsync(ConfigMaps + "/x", stale);

        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(409));
            Assert.That(response.Reason, Is.EqualTo("Conflict"));
            Assert.That(response.Object["message"]!.GetValue<string>(), Does.Contain("the object has been modified"));
        });
        var stored = await Http.GetAsync(ConfigMaps + "/x");
        Assert.That(Text(stored.Body, "data.key"), Is.EqualTo("first"));
    }

    [Test]
    public async Task Put_WithoutResourceVersion_IsUnconditionalForConfigMaps()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("x"));
        var body = Objects.ConfigMap("x", new JsonObject { ["key"] = "replaced" });

        var response = await Http.PutAsync(ConfigMaps + "/x", body);

        Assert.That(response.Code, Is.EqualTo(200));
        Assert.That(Text(response.Body, "data.key"), Is.EqualTo("replaced"));
    }

    [Test]
    public async Task Put_WithoutResourceVersion_Returns422ForCustomResources()
    {
        await CreateWidgetDefinitionAsync();
        await Http.CreateAsync("/apis/example.test/v1/namespaces/default/widgets", Objects.Widget("w"));

        var response = await Http.PutAsync("/apis/example.test/v1/namespaces/default/widgets/w", Objects.Widget("w", 2));

        Assert.That(response.Code, Is.EqualTo(422));
        Assert.That(response.Object["message"]!.GetValue<string>(), Does.Contain("metadata.resourceVersion"));
    }

    [Test]
    public async Task Put_NameDifferentFromUrl_Returns400()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("x"));

        var response = await Http.PutAsync(ConfigMaps + "/x", Objects.ConfigMap("y"));

        Assert.That(response.Code, Is.EqualTo(400));
    }

    [Test]
    public async Task Put_Missing_Returns404()
    {
        var response = await Http.PutAsync(ConfigMaps + "/x", Objects.ConfigMap("x"));

        Assert.That(response.Code, Is.EqualTo(404));
    }

    [Test]
    public async Task Put_UnchangedObject_KeepsResourceVersionAndWritesNothing()
    {
        var created = await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("x"));
        var before = Server.ResourceVersion;

        var response = await Http.PutAsync(ConfigMaps + "/x", created);

        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(200));
            Assert.That(Version(response.Object), Is.EqualTo(Version(created)));
            Assert.That(Server.ResourceVersion, Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Delete_ConfigMap_ReturnsSuccessStatusAndRemovesIt()
    {
        var created = await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("x"));

        var response = await Http.DeleteAsync(ConfigMaps + "/x");

        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(200));
            Assert.That(Text(response.Body, "kind"), Is.EqualTo("Status"));
            Assert.That(Text(response.Body, "status"), Is.EqualTo("Success"));
            Assert.That(Text(response.Body, "details.uid"), Is.EqualTo(Text(created, "metadata.uid")));
        });
        Assert.That((await Http.GetAsync(ConfigMaps + "/x")).Code, Is.EqualTo(404));
    }

    [Test]
    public async Task Delete_CustomResource_ReturnsTheDeletedObject()
    {
        await CreateWidgetDefinitionAsync();
        await Http.CreateAsync("/apis/example.test/v1/namespaces/default/widgets", Objects.Widget("w"));

        var response = await Http.DeleteAsync("/apis/example.test/v1/namespaces/default/widgets/w");

        Assert.That(response.Code, Is.EqualTo(200));
        Assert.That(Text(response.Body, "kind"), Is.EqualTo("Widget"));
    }

    [Test]
    public async Task Delete_Missing_Returns404()
    {
        var response = await Http.DeleteAsync(ConfigMaps + "/absent");

        Assert.That(response.Code, Is.EqualTo(404));
    }

    [Test]
    public async Task Delete_WithFinalizer_SetsDeletionTimestampUntilFinalizerIsRemoved()
    {
        var body = Objects.ConfigMap("held");
        body["metadata"]!["finalizers"] = new JsonArray("example.test/cleanup");
        await Http.CreateAsync(ConfigMaps, body);

        var response = await Http.DeleteAsync(ConfigMaps + "/held");
        var stillThere = await Http.GetAsync(ConfigMaps + "/held");

        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(200));
            Assert.That(Text(response.Body, "metadata.deletionTimestamp"), Is.Not.Null);
            Assert.That(stillThere.Code, Is.EqualTo(200));
            Assert.That(Text(stillThere.Body, "metadata.deletionTimestamp"), Is.Not.Null);
        });

        var release = await Http.PatchAsync(ConfigMaps + "/held", "application/merge-patch+json", """{"metadata":{"finalizers":null}}""");
        Assert.That(release.Code, Is.EqualTo(200));
        Assert.That((await Http.GetAsync(ConfigMaps + "/held")).Code, Is.EqualTo(404));
    }

    [Test]
    public async Task Update_AddingFinalizerWhileDeleting_Returns422()
    {
        var body = Objects.ConfigMap("held");
        body["metadata"]!["finalizers"] = new JsonArray("a/b");
        await Http.CreateAsync(ConfigMaps, body);
        await Http.DeleteAsync(ConfigMaps + "/held");

        var response = await Http.PatchAsync(ConfigMaps + "/held", "application/merge-patch+json", """{"metadata":{"finalizers":["a/b","c/d"]}}""");

        Assert.That(response.Code, Is.EqualTo(422));
    }

    [Test]
    public async Task Delete_PreconditionUidMismatch_Returns409()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("x"));

        var response = await Http.DeleteAsync(ConfigMaps + "/x", new JsonObject
        {
            ["kind"] = "DeleteOptions",
            ["apiVersion"] = "v1",
            ["preconditions"] = new JsonObject { ["uid"] = Guid.NewGuid().ToString() },
        });

        Assert.That(response.Code, Is.EqualTo(409));
        Assert.That((await Http.GetAsync(ConfigMaps + "/x")).Code, Is.EqualTo(200));
    }

    [Test]
    public async Task DeleteCollection_WithLabelSelector_DeletesOnlyMatches()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("a", labels: new JsonObject { ["tier"] = "cache" }));
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("b", labels: new JsonObject { ["tier"] = "web" }));

        var response = await Http.DeleteAsync(ConfigMaps + "?labelSelector=tier%3Dcache");
        var remaining = await Http.GetAsync(ConfigMaps);

        Assert.That(response.Code, Is.EqualTo(200));
        Assert.That(remaining.Object["items"]!.AsArray().Select(item => Text(item, "metadata.name")), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public async Task DryRun_Create_PersistsNothing()
    {
        var response = await Http.PostAsync(ConfigMaps + "?dryRun=All", Objects.ConfigMap("dry"));

        Assert.That(response.Code, Is.EqualTo(201));
        Assert.That((await Http.GetAsync(ConfigMaps + "/dry")).Code, Is.EqualTo(404));
    }
}
