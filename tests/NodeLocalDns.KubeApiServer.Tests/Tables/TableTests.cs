using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using NodeLocalDns.KubeApiServer.Tests.Support;

namespace NodeLocalDns.KubeApiServer.Tests.Tables;

/// <summary>Server-side printing: <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>.</summary>
[TestFixture]
public sealed class TableTests : ServerTest
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private protected override TestKubeApiServerOptions Options => new() { TimeProvider = _clock };

    [Test]
    public async Task List_CustomResources_UsesPrinterColumnsFromTheCrd()
    {
        await CreateWidgetDefinitionAsync();
        await Http.CreateAsync("/apis/example.test/v1/namespaces/default/widgets", Objects.Widget("w", 3));
        await Http.PatchAsync("/apis/example.test/v1/namespaces/default/widgets/w/status", "application/merge-patch+json",
            """{"status":{"conditions":[{"type":"Progressing","status":"False"},{"type":"Available","status":"True"}]}}""");
        _clock.Advance(TimeSpan.FromMinutes(5));

        var table = (await Http.GetAsync("/apis/example.test/v1/namespaces/default/widgets", TableAccept)).Object;

        Assert.Multiple(() =>
        {
            Assert.That(Text(table, "kind"), Is.EqualTo("Table"));
            Assert.That(Text(table, "apiVersion"), Is.EqualTo("meta.k8s.io/v1"));
            Assert.That(table["columnDefinitions"]!.AsArray().Select(column => column!["name"]!.GetValue<string>()),
                Is.EqualTo(new[] { "Name", "Size", "Available", "Age" }));
            Assert.That(Cells(table), Is.EqualTo(new[] { "w", "3", "True", "5m" }));
            Assert.That(Text(table["rows"]![0]!["object"], "kind"), Is.EqualTo("PartialObjectMetadata"));
        });
    }

    [Test]
    public async Task List_CustomResourcesWithoutPrinterColumns_ShowsNameAndAge()
    {
        var crd = Objects.WidgetDefinition(plural: "gadgets", kind: "Gadget");
        ((JsonObject)crd["spec"]!["versions"]![0]!).Remove("additionalPrinterColumns");
        await Http.CreateAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        await Http.CreateAsync("/apis/example.test/v1/namespaces/default/gadgets", Objects.Widget("g", kind: "Gadget"));

        var table = (await Http.GetAsync("/apis/example.test/v1/namespaces/default/gadgets", TableAccept)).Object;

        Assert.That(table["columnDefinitions"]!.AsArray().Select(column => column!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "Name", "Age" }));
    }

    [Test]
    public async Task Get_ConfigMap_ReturnsOneRowWithDataCountAndAge()
    {
        await Http.CreateAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("x", new JsonObject { ["a"] = "1", ["b"] = "2" }));
        _clock.Advance(TimeSpan.FromHours(2));

        var table = (await Http.GetAsync("/api/v1/namespaces/default/configmaps/x?includeObject=Object", TableAccept)).Object;

        Assert.Multiple(() =>
        {
            Assert.That(table["rows"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(Cells(table), Is.EqualTo(new[] { "x", "2", "120m" }));
            Assert.That(Text(table["rows"]![0]!["object"], "kind"), Is.EqualTo("ConfigMap"));
        });
    }

    [Test]
    public async Task List_Services_ShowTypeClusterIpAndPorts()
    {
        await Http.CreateAsync("/api/v1/namespaces/kube-system/services", Objects.Service("kube-dns", "10.96.0.10"));

        var table = (await Http.GetAsync("/api/v1/namespaces/kube-system/services", TableAccept)).Object;

        Assert.That(Cells(table), Is.EqualTo(new[] { "kube-dns", "ClusterIP", "10.96.0.10", "<none>", "53/UDP", "0s" }));
    }

    [Test]
    public async Task List_IncludeObjectNone_OmitsObjects()
    {
        var table = (await Http.GetAsync("/api/v1/namespaces?includeObject=None", TableAccept)).Object;

        Assert.That(table["rows"]!.AsArray().All(row => row!["object"] is null), Is.True);
        Assert.That(table["rows"]!.AsArray(), Has.Count.EqualTo(4));
    }

    private static string?[] Cells(JsonObject table) => table["rows"]![0]!["cells"]!.AsArray().Select(cell => cell?.ToString()).ToArray();
}
