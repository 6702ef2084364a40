using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Tests.Support;

namespace NodeLocalDns.KubeApiServer.Tests.Operations;

/// <summary>Custom resources across CRD versions and during CRD deletion.</summary>
[TestFixture]
public sealed class CustomResourceVersionTests : ServerTest
{
    [Test]
    public async Task MultipleServedVersions_ShareStorageAndPreferTheStableVersion()
    {
        var crd = Objects.WidgetDefinition();
        var beta = (JsonObject)crd["spec"]!["versions"]![0]!.DeepClone();
        beta["name"] = "v1beta1";
        beta["storage"] = false;
        crd["spec"]!["versions"]!.AsArray().Insert(0, beta);
        await Http.CreateAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        await Http.CreateAsync("/apis/example.test/v1/namespaces/default/widgets", Objects.Widget("w", 2));

        var viaBeta = await Http.GetAsync("/apis/example.test/v1beta1/namespaces/default/widgets/w");
        var group = await Http.GetAsync("/apis/example.test");

        Assert.Multiple(() =>
        {
            Assert.That(Text(viaBeta.Body, "apiVersion"), Is.EqualTo("example.test/v1beta1"));
            Assert.That(Text(viaBeta.Body, "spec.size"), Is.EqualTo("2"));
            Assert.That(Text(group.Body, "preferredVersion.version"), Is.EqualTo("v1"));
            Assert.That(group.Object["versions"]!.AsArray().Select(version => Text(version, "version")), Is.EqualTo(new[] { "v1", "v1beta1" }));
        });
    }

    [Test]
    public async Task Create_WrongVersionInBody_Returns400()
    {
        await CreateWidgetDefinitionAsync();
        var widget = Objects.Widget("w");
        widget["apiVersion"] = "example.test/v2";

        var response = await Http.PostAsync("/apis/example.test/v1/namespaces/default/widgets", widget);

        Assert.That(response.Code, Is.EqualTo(400));
    }

    [Test]
    public async Task DeletingCrd_WhileAnObjectIsHeldByAFinalizer_RefusesNewObjects()
    {
        await CreateWidgetDefinitionAsync();
        var held = Objects.Widget("held");
        held["metadata"]!["finalizers"] = new JsonArray("example.test/hold");
        await Http.CreateAsync("/apis/example.test/v1/namespaces/default/widgets", held);

        await Http.DeleteAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.test");
        var create = await Http.PostAsync("/apis/example.test/v1/namespaces/default/widgets", Objects.Widget("late"));
        var crd = await Http.GetAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.test");

        Assert.Multiple(() =>
        {
            Assert.That(create.Code, Is.EqualTo(405));
            Assert.That(Text(crd.Body, "metadata.deletionTimestamp"), Is.Not.Null);
        });

        await Http.PatchAsync("/apis/example.test/v1/namespaces/default/widgets/held", "application/merge-patch+json", """{"metadata":{"finalizers":null}}""");
        Assert.That((await Http.GetAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.test")).Code, Is.EqualTo(404));
    }

    [Test]
    public async Task ClusterScopedCustomResource_IsNotAddressableInANamespace()
    {
        await CreateWidgetDefinitionAsync(scope: "Cluster");
        await Http.CreateAsync("/apis/example.test/v1/widgets", Objects.Widget("global"));

        var namespaced = await Http.GetAsync("/apis/example.test/v1/namespaces/default/widgets/global");
        var cluster = await Http.GetAsync("/apis/example.test/v1/widgets/global");

        Assert.That(namespaced.Code, Is.EqualTo(404));
        Assert.That(cluster.Code, Is.EqualTo(200));
        Assert.That(cluster.Object["metadata"]!["namespace"], Is.Null);
    }
}
