using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using NodeLocalDns.KubeApiServer;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Operator.Tests.Support.Helm;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// What an admin does with the real kubectl (1.32) against the in-process API server: install the CRD, apply a sample, read the
/// status, install the chart's objects.
/// </summary>
[Category(TestCategories.Kubectl)]
public sealed partial class KubectlFlowTests
{
    private const string CrdName = $"{V1Alpha1NodeLocalDns.Plural}.{V1Alpha1NodeLocalDns.ApiGroup}";

    private TestKubeApiServer _server = null!;
    private KubectlSession _kubectl = null!;

    [SetUp]
    public async Task StartServer()
    {
        _server = await TestKubeApiServer.StartAsync();
        _kubectl = new KubectlSession(_server);
    }

    [TearDown]
    public async Task StopServer()
    {
        _kubectl.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task ApplyCrdFolder_ThenGetCrd_FindsTheEstablishedCrd()
    {
        var applied = await _kubectl.RunOkAsync("apply", "-f", TestData.Repo("crds"));
        var fromChart = await _kubectl.RunOkAsync("apply", "-f", TestData.Repo("charts", "nodelocal-operator", "crds"));
        var got = await _kubectl.RunOkAsync("get", "crd", CrdName);
        var established = await _kubectl.RunOkAsync("wait", "--for=condition=Established", $"crd/{CrdName}", "--timeout=10s");

        Assert.Multiple(() =>
        {
            Assert.That(applied.Trim(), Is.EqualTo($"customresourcedefinition.apiextensions.k8s.io/{CrdName} created"),
                "only the CRD: crds/samples/ is not applied by a non-recursive -f");
            Assert.That(fromChart.Trim(), Is.EqualTo($"customresourcedefinition.apiextensions.k8s.io/{CrdName} unchanged"), "the chart's copy is the same CRD");
            Assert.That(got, Does.StartWith("NAME").And.Contain(CrdName));
            Assert.That(established, Does.Contain("condition met"));
        });
    }

    [Test]
    public async Task ApplyDefaultSample_Twice_CreatesThenLeavesUnchanged()
    {
        await _kubectl.RunOkAsync("apply", "-f", TestData.Repo("crds"));
        var sample = TestData.Repo("crds", "samples", "nodelocaldns-default.yaml");

        var first = await _kubectl.RunOkAsync("apply", "-f", sample);
        _server.ResetWriteCounts();
        var second = await _kubectl.RunOkAsync("apply", "-f", sample);

        Assert.Multiple(() =>
        {
            Assert.That(first.Trim(), Is.EqualTo("nodelocaldns.dns.nodelocal.io/default created"));
            Assert.That(second.Trim(), Is.EqualTo("nodelocaldns.dns.nodelocal.io/default unchanged"));
            Assert.That(_server.CountWrites(), Is.Zero);
            Assert.That(_server.GetObject(
                $"{V1Alpha1NodeLocalDns.ApiGroup}/{V1Alpha1NodeLocalDns.Version}", V1Alpha1NodeLocalDns.KindName, null, "default"), Is.Not.Null);
        });
    }

    [Test]
    public async Task ApplyFullSampleServerSide_ThenReadBack_KeepsEverySpecField()
    {
        await _kubectl.RunOkAsync("apply", "-f", TestData.Repo("crds"));
        var applied = await _kubectl.RunOkAsync("apply", "--server-side", "-f", TestData.Repo("crds", "samples", "nodelocaldns-full.yaml"));
        var stored = JsonNode.Parse(await _kubectl.RunOkAsync("get", "nld", "default", "-o", "json"))!;
        var expected = JsonNode.Parse(JsonSerializer.Serialize(
            YamlValues.Parse(File.ReadAllText(TestData.Repo("crds", "samples", "nodelocaldns-full.yaml")))))!;

        Assert.Multiple(() =>
        {
            Assert.That(applied.Trim(), Is.EqualTo("nodelocaldns.dns.nodelocal.io/default serverside-applied"));
            Assert.That(JsonNode.DeepEquals(stored["spec"], expected["spec"]), Is.True, $"stored: {stored["spec"]}\nsample: {expected["spec"]}");
        });
    }

    [Test]
    public async Task GetNodeLocalDns_AfterStatusWrittenByTheClient_PrintsThePrinterColumns()
    {
        await _kubectl.RunOkAsync("apply", "-f", TestData.Repo("crds"));
        await _kubectl.RunOkAsync("apply", "-f", TestData.Repo("crds", "samples", "nodelocaldns-default.yaml"));
        await WriteStatusAsync();

        var full = await _kubectl.RunOkAsync("get", "nodelocaldns");
        var shortName = await _kubectl.RunOkAsync("get", "nld");
        var wide = await _kubectl.RunOkAsync("get", "nld", "default", "-o", "wide");
        var count = await _kubectl.RunOkAsync("get", "nld", "default", "-o", "jsonpath={.status.stubDomainCount}");

        Assert.Multiple(() =>
        {
            foreach (var table in new[] { full, shortName })
            {
                var (header, row) = Table(table);
                Assert.That(header, Is.EqualTo(new[] { "NAME", "AVAILABLE", "PROGRESSING", "DEGRADED", "STUB DOMAINS", "ZONES", "READY NODES", "AGE" }), table);
                Assert.That(row[..7], Is.EqualTo(new[] { "default", "True", "False", "False", "2", "3", "3/3" }), table);
                Assert.That(row[7], Does.Match("^[0-9]+s$"), "AGE");
            }

            var (wideHeader, wideRow) = Table(wide);
            Assert.That(wideHeader, Is.EqualTo(new[]
            {
                "NAME", "AVAILABLE", "PROGRESSING", "DEGRADED", "STUB DOMAINS", "ZONES", "READY NODES", "CONFIG VALID", "AGE",
            }), "priority-1 column with -o wide");
            Assert.That(wideRow[7], Is.EqualTo("True"));
            Assert.That(count, Is.EqualTo("2"));
        });
    }

    [Test]
    public async Task DescribeNodeLocalDns_AfterStatusWrittenByTheClient_ShowsTheConditions()
    {
        await _kubectl.RunOkAsync("apply", "-f", TestData.Repo("crds"));
        await _kubectl.RunOkAsync("apply", "-f", TestData.Repo("crds", "samples", "nodelocaldns-default.yaml"));
        await WriteStatusAsync();

        var described = await _kubectl.RunOkAsync("describe", "nld", "default");

        Assert.Multiple(() =>
        {
            Assert.That(described, Does.Match(@"(?m)^Name:\s+default$"));
            Assert.That(described, Does.Match(@"(?m)^Kind:\s+NodeLocalDns$"));
            Assert.That(described, Does.Match(@"(?m)^\s+Conditions:$"));
            Assert.That(described, Does.Match(@"(?m)^\s+Type:\s+Available$"));
            Assert.That(described, Does.Match(@"(?m)^\s+Reason:\s+AsExpected$"));
            Assert.That(described, Does.Match(@"(?m)^\s+Message:\s+3 of 3 nodes have an available node cache\.$"));
            Assert.That(described, Does.Match(@"(?m)^\s+Type:\s+ConfigValid$"));
            Assert.That(described, Does.Match(@"(?m)^\s+Stub Domain Count:\s+2$"));
            Assert.That(described, Does.Match(@"(?m)^\s+Ready Nodes:\s+3/3$"));
        });
    }

    [Test]
    public async Task ApplyRenderedChart_Twice_CreatesEveryObjectThenChangesNothing()
    {
        const string ns = "nodelocal-system";
        await _kubectl.RunOkAsync("apply", "-f", _kubectl.WriteFile("namespace.yaml", $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n"));
        await _kubectl.RunOkAsync("apply", "-f", TestData.Repo("charts", "nodelocal-operator", "crds"));
        var manifests = _kubectl.WriteFile("chart.yaml",
            HelmChart.Operator().RenderManifests(releaseNamespace: ns, overrides: "nodeLocalDns: {create: true, spec: {kubeProxyMode: ipvs}}"));

        var first = await _kubectl.RunOkAsync("apply", "-f", manifests);
        var budgetVersion = await _kubectl.RunOkAsync("get", "pdb", "-n", ns, "nodelocal-operator", "-o", "jsonpath={.metadata.resourceVersion}");
        _server.ResetWriteCounts();
        var second = await _kubectl.RunOkAsync("apply", "-f", manifests);
        var budgetVersionAfter = await _kubectl.RunOkAsync("get", "pdb", "-n", ns, "nodelocal-operator", "-o", "jsonpath={.metadata.resourceVersion}");
        var role = await _kubectl.RunOkAsync("get", "clusterrole", "nodelocal-operator", "-o", "json");
        var stored = KubernetesJson.Deserialize<V1ClusterRole>(role);
        var lease = await _kubectl.RunOkAsync("get", "role", "-n", ns, "nodelocal-operator-leader-election", "-o", "jsonpath={.rules[1].resourceNames[0]}");

        Assert.Multiple(() =>
        {
            Assert.That(Lines(first), Is.EquivalentTo(new[]
            {
                "clusterrole.rbac.authorization.k8s.io/nodelocal-operator created",
                "clusterrolebinding.rbac.authorization.k8s.io/nodelocal-operator created",
                "deployment.apps/nodelocal-operator created",
                "nodelocaldns.dns.nodelocal.io/default created",
                "poddisruptionbudget.policy/nodelocal-operator created",
                "role.rbac.authorization.k8s.io/nodelocal-operator-leader-election created",
                "role.rbac.authorization.k8s.io/nodelocal-operator-read created",
                "role.rbac.authorization.k8s.io/nodelocal-operator-node-cache created",
                "role.rbac.authorization.k8s.io/nodelocal-operator-events created",
                "rolebinding.rbac.authorization.k8s.io/nodelocal-operator-leader-election created",
                "rolebinding.rbac.authorization.k8s.io/nodelocal-operator-read created",
                "rolebinding.rbac.authorization.k8s.io/nodelocal-operator-node-cache created",
                "rolebinding.rbac.authorization.k8s.io/nodelocal-operator-events created",
                "service/nodelocal-operator-metrics created",
                "serviceaccount/nodelocal-operator created",
            }));
            // kubectl sends a PodDisruptionBudget's selector on every apply (its patch strategy is "replace") and so prints
            // "configured", as against a cluster; the server finds nothing to change and stores nothing.
            Assert.That(Lines(second).Where(line => !line.StartsWith("poddisruptionbudget.policy/", StringComparison.Ordinal)), Has.All.EndsWith(" unchanged"));
            Assert.That(_server.CountWrites(), Is.EqualTo(_server.CountWrites("poddisruptionbudgets", "patch")),
                "a second apply writes nothing but the budget's no-op patch");
            Assert.That(budgetVersionAfter, Is.EqualTo(budgetVersion), "the no-op patch stored nothing");
            Assert.That(stored.Rules.SelectMany(r => r.Resources), Is.All.StartsWith("nodelocaldnses"),
                "the stored ClusterRole holds the NodeLocalDns rules only");
            Assert.That(lease, Is.EqualTo("nodelocal-operator"));
        });
    }

    [Test]
    public async Task ApplyRbacOnly_RenderedClusterRoleAndRole_AreCreated()
    {
        const string ns = "kube-system";
        var objects = HelmChart.Operator().Render(releaseNamespace: ns);
        var clusterRole = await _kubectl.RunOkAsync("apply", "-f", _kubectl.WriteFile("clusterrole.yaml", objects["clusterrole.yaml"]));
        var role = await _kubectl.RunOkAsync("apply", "-f", _kubectl.WriteFile("role.yaml", objects["role.yaml"]));
        var rules = await _kubectl.RunOkAsync("get", "role", "-n", ns, "nodelocal-operator-leader-election", "-o", "jsonpath={.rules[*].verbs}");

        Assert.Multiple(() =>
        {
            Assert.That(clusterRole.Trim(), Is.EqualTo("clusterrole.rbac.authorization.k8s.io/nodelocal-operator created"));
            Assert.That(Lines(role), Is.EquivalentTo(new[]
            {
                "role.rbac.authorization.k8s.io/nodelocal-operator-leader-election created",
                "role.rbac.authorization.k8s.io/nodelocal-operator-read created",
                "role.rbac.authorization.k8s.io/nodelocal-operator-node-cache created",
                "role.rbac.authorization.k8s.io/nodelocal-operator-events created",
            }));
            Assert.That(rules, Is.EqualTo("[\"create\"] [\"get\",\"update\"]"));
        });
    }

    /// <summary>What the operator would write once the node cache is ready on three nodes, written as it writes it.</summary>
    private async Task WriteStatusAsync()
    {
        using var client = _server.CreateClient();
        var current = KubernetesJson.Deserialize<V1Alpha1NodeLocalDns>(KubernetesJson.Serialize(
            await client.CustomObjects.GetClusterCustomObjectAsync(
                V1Alpha1NodeLocalDns.ApiGroup, V1Alpha1NodeLocalDns.Version, V1Alpha1NodeLocalDns.Plural, "default")));
        var now = DateTime.UtcNow;
        current.Status = new NodeLocalDnsStatus
        {
            ObservedGeneration = current.Metadata.Generation,
            Conditions =
            [
                new V1Condition
                {
                    Type = ConditionTypes.Available, Status = "True", Reason = ConditionReasons.AsExpected,
                    Message = "3 of 3 nodes have an available node cache.", LastTransitionTime = now,
                },
                new V1Condition
                {
                    Type = ConditionTypes.Progressing, Status = "False", Reason = ConditionReasons.AsExpected,
                    Message = "The node cache runs the current config on every node.", LastTransitionTime = now,
                },
                new V1Condition
                {
                    Type = ConditionTypes.Degraded, Status = "False", Reason = ConditionReasons.AsExpected,
                    Message = "Nothing is wrong.", LastTransitionTime = now,
                },
                new V1Condition
                {
                    Type = ConditionTypes.ConfigValid, Status = "True", Reason = ConditionReasons.AsExpected,
                    Message = "The cluster's DNS config was read: 2 stub domain(s), 0 warning(s).", LastTransitionTime = now,
                },
            ],
            StubDomains =
            [
                new StubDomainStatus { Zone = "corp.example", Servers = ["10.20.0.53"], Source = "Corefile:12" },
                new StubDomainStatus { Zone = "some.corp", Servers = ["10.1.2.3"], Source = "Corefile:18" },
            ],
            StubDomainCount = 2,
            Zones =
            [
                new ZoneStatus
                {
                    Zone = "cluster.local", Route = "viaClusterDNS",
                    Reason = "the cluster domain: CoreDNS's kubernetes plugin answers it", Source = "Corefile:7",
                },
                new ZoneStatus
                {
                    Zone = "corp.example", Route = "direct", Servers = ["10.20.0.53"],
                    Reason = "a stub domain: forwarded to its own servers, as CoreDNS forwards it", Source = "Corefile:12",
                },
                new ZoneStatus
                {
                    Zone = "some.corp", Route = "direct", Servers = ["10.1.2.3"],
                    Reason = "a stub domain: forwarded to its own servers, as CoreDNS forwards it", Source = "Corefile:18",
                },
            ],
            ZoneCount = 3,
            ReadyNodes = "3/3",
            Nodes = new NodeCounts { Desired = 3, Updated = 3, Ready = 3, Available = 3 },
        };
        await client.CustomObjects.ReplaceClusterCustomObjectStatusAsync(
            current, V1Alpha1NodeLocalDns.ApiGroup, V1Alpha1NodeLocalDns.Version, V1Alpha1NodeLocalDns.Plural, "default");
    }

    private static (string[] Header, string[] Row) Table(string output)
    {
        var lines = Lines(output);
        Assert.That(lines, Has.Length.EqualTo(2), output);
        return (Columns().Split(lines[0]), Columns().Split(lines[1]));
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // kubectl pads columns with at least three spaces; titles such as "STUB DOMAINS" hold single spaces.
    [GeneratedRegex(" {2,}")]
    private static partial Regex Columns();
}
