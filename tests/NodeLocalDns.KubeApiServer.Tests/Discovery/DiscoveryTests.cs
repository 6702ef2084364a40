using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Tests.Support;

namespace NodeLocalDns.KubeApiServer.Tests.Discovery;

/// <summary>Discovery documents (legacy and aggregated), OpenAPI v3 and /version.</summary>
[TestFixture]
public sealed class DiscoveryTests : ServerTest
{
    private const string AggregatedAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList," +
        "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    [Test]
    public async Task Api_ListsTheCoreVersion()
    {
        var response = await Http.GetAsync("/api");

        Assert.That(Text(response.Body, "kind"), Is.EqualTo("APIVersions"));
        Assert.That(response.Object["versions"]!.AsArray().Select(version => version!.GetValue<string>()), Is.EqualTo(new[] { "v1" }));
    }

    [Test]
    public async Task Apis_ListsBuiltInGroupsWithPreferredVersions()
    {
        var response = await Http.GetAsync("/apis");

        var groups = response.Object["groups"]!.AsArray().Select(group => group!["name"]!.GetValue<string>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Text(response.Body, "kind"), Is.EqualTo("APIGroupList"));
            Assert.That(groups, Is.SupersetOf(new[] { "apps", "coordination.k8s.io", "events.k8s.io", "apiextensions.k8s.io", "rbac.authorization.k8s.io" }));
            Assert.That(Text(response.Object["groups"]![0], "preferredVersion.groupVersion"), Is.EqualTo("apps/v1"));
        });
    }

    [Test]
    public async Task ApiResourceList_Apps_DescribesDaemonSetsAndTheirStatusSubresource()
    {
        var response = await Http.GetAsync("/apis/apps/v1");

        var resources = response.Object["resources"]!.AsArray().OfType<JsonObject>().ToDictionary(resource => resource["name"]!.GetValue<string>());
        var daemonSets = resources["daemonsets"];
        Assert.Multiple(() =>
        {
            Assert.That(Text(response.Body, "groupVersion"), Is.EqualTo("apps/v1"));
            Assert.That(Text(daemonSets, "kind"), Is.EqualTo("DaemonSet"));
            Assert.That(Text(daemonSets, "singularName"), Is.EqualTo("daemonset"));
            Assert.That(Text(daemonSets, "namespaced"), Is.EqualTo("true"));
            Assert.That(daemonSets["shortNames"]!.AsArray().Select(name => name!.GetValue<string>()), Is.EqualTo(new[] { "ds" }));
            Assert.That(daemonSets["verbs"]!.AsArray().Select(verb => verb!.GetValue<string>()),
                Is.SupersetOf(new[] { "get", "list", "watch", "create", "update", "patch", "delete" }));
            Assert.That(resources["daemonsets/status"]["verbs"]!.AsArray().Select(verb => verb!.GetValue<string>()),
                Is.EqualTo(new[] { "get", "patch", "update" }));
        });
    }

    [Test]
    public async Task ApiResourceList_Core_MarksClusterScopedResources()
    {
        var response = await Http.GetAsync("/api/v1");

        var resources = response.Object["resources"]!.AsArray().OfType<JsonObject>().ToDictionary(resource => resource["name"]!.GetValue<string>());
        Assert.Multiple(() =>
        {
            Assert.That(Text(resources["nodes"], "namespaced"), Is.EqualTo("false"));
            Assert.That(Text(resources["configmaps"], "namespaced"), Is.EqualTo("true"));
            Assert.That(resources.Keys,
                Is.SupersetOf(new[] { "namespaces", "nodes", "configmaps", "services", "serviceaccounts", "events", "pods", "endpoints" }));
        });
    }

    [Test]
    public async Task CreateCustomResourceDefinition_NewResourceAppearsInDiscovery()
    {
        Assert.That((await Http.GetAsync("/apis/example.test/v1")).Code, Is.EqualTo(404));

        await CreateWidgetDefinitionAsync(scope: "Cluster");
        var group = await Http.GetAsync("/apis/example.test");
        var resources = await Http.GetAsync("/apis/example.test/v1");

        var widgets = resources.Object["resources"]!.AsArray().OfType<JsonObject>().ToDictionary(resource => resource["name"]!.GetValue<string>());
        Assert.Multiple(() =>
        {
            Assert.That(Text(group.Body, "preferredVersion.version"), Is.EqualTo("v1"));
            Assert.That(Text(widgets["widgets"], "namespaced"), Is.EqualTo("false"));
            Assert.That(Text(widgets["widgets"], "kind"), Is.EqualTo("Widget"));
            Assert.That(widgets["widgets"]["shortNames"]![0]!.GetValue<string>(), Is.EqualTo("wi"));
            Assert.That(widgets["widgets"]["categories"]![0]!.GetValue<string>(), Is.EqualTo("all"));
            Assert.That(widgets.ContainsKey("widgets/status"), Is.True);
        });
    }

    [Test]
    public async Task CreateCustomResourceDefinition_SetsEstablishedAndNamesAccepted()
    {
        var crd = await CreateWidgetDefinitionAsync();

        var conditions = crd["status"]!["conditions"]!.AsArray().OfType<JsonObject>()
            .ToDictionary(condition => condition["type"]!.GetValue<string>(), condition => condition["status"]!.GetValue<string>());
        Assert.Multiple(() =>
        {
            Assert.That(conditions, Does.ContainKey("Established").WithValue("True"));
            Assert.That(conditions, Does.ContainKey("NamesAccepted").WithValue("True"));
            Assert.That(Text(crd, "status.acceptedNames.kind"), Is.EqualTo("Widget"));
            Assert.That(crd["status"]!["storedVersions"]![0]!.GetValue<string>(), Is.EqualTo("v1"));
            Assert.That(crd["metadata"]!["finalizers"]![0]!.GetValue<string>(), Is.EqualTo("customresourcecleanup.apiextensions.k8s.io"));
        });
    }

    [Test]
    public async Task CreateCustomResourceDefinition_NameNotPluralDotGroup_Returns422()
    {
        var crd = Objects.WidgetDefinition();
        crd["metadata"]!["name"] = "wrong.example.test";

        var response = await Http.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);

        Assert.That(response.Code, Is.EqualTo(422));
    }

    [Test]
    public async Task AggregatedDiscovery_WhenAsked_ReturnsAllGroupsAtOnce()
    {
        await CreateWidgetDefinitionAsync();

        var apis = await Http.GetAsync("/apis", AggregatedAccept);
        var core = await Http.GetAsync("/api", AggregatedAccept);

        var widgetGroup = apis.Object["items"]!.AsArray().First(item => Text(item, "metadata.name") == "example.test")!;
        var widgets = widgetGroup["versions"]![0]!["resources"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(apis.ContentType, Does.Contain("as=APIGroupDiscoveryList"));
            Assert.That(Text(apis.Body, "apiVersion"), Is.EqualTo("apidiscovery.k8s.io/v2"));
            Assert.That(Text(widgets, "resource"), Is.EqualTo("widgets"));
            Assert.That(Text(widgets, "scope"), Is.EqualTo("Namespaced"));
            Assert.That(Text(widgets, "responseKind.kind"), Is.EqualTo("Widget"));
            Assert.That(Text(widgets["subresources"]![0], "subresource"), Is.EqualTo("status"));
            Assert.That(Text(core.Object["items"]![0], "metadata.name"), Is.EqualTo(string.Empty));
        });
    }

    [Test]
    public async Task OpenApiV3_IndexPointsToGroupVersionDocumentsWithFieldValidation()
    {
        var index = await Http.GetAsync("/openapi/v3");
        var url = index.Object["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!.GetValue<string>();

        var document = await Http.GetAsync(url);

        var patch = document.Object["paths"]!["/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}"]!["patch"]!;
        Assert.Multiple(() =>
        {
            Assert.That(patch["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>(), Is.EqualTo("DaemonSet"));
            Assert.That(patch["parameters"]!.AsArray().Select(parameter => parameter!["name"]!.GetValue<string>()), Does.Contain("fieldValidation"));
        });
    }

    [Test]
    public async Task OpenApiV2_IsNotServed()
    {
        Assert.That((await Http.GetAsync("/openapi/v2")).Code, Is.EqualTo(404));
    }

    [Test]
    public async Task Version_ReportsTheConfiguredKubernetesVersion()
    {
        var response = await Http.GetAsync("/version");

        Assert.Multiple(() =>
        {
            Assert.That(Text(response.Body, "gitVersion"), Is.EqualTo("v1.32.0"));
            Assert.That(Text(response.Body, "major"), Is.EqualTo("1"));
            Assert.That(Text(response.Body, "minor"), Is.EqualTo("32"));
        });
    }

    [Test]
    public async Task Discovery_WriteMethod_Returns405()
    {
        var response = await Http.PostAsync("/apis", new JsonObject());

        Assert.That(response.Code, Is.EqualTo(405));
    }
}
