using NodeLocalDns.KubeApiServer;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Operator.Tests.Support.Helm;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// The chart rendered by the real helm over a matrix of values, then sent by the real kubectl to the in-process API
/// server with a server-side dry run, as <c>kubectl apply --dry-run=server</c> checks a release before it is installed:
/// every object is accepted (kinds served, names and labels valid, the namespace exists) and nothing is stored. The
/// Prometheus Operator objects go to minimal monitoring.coreos.com CRDs (tests/testdata/monitoring-crds), against whose
/// schemas the server validates them as kube-apiserver validates custom resources.
/// </summary>
[Category(TestCategories.Kubectl)]
[Category(TestCategories.Helm)]
public sealed class ChartDryRunTests
{
    private const string ReleaseNamespace = "nodelocal-system";
    private static readonly string MonitoringCrds = TestData.Shared("monitoring-crds", "monitoring.coreos.com.yaml");

    private TestKubeApiServer _server = null!;
    private KubectlSession _kubectl = null!;

    private static IEnumerable<TestCaseData> ValueSets()
    {
        yield return new TestCaseData(string.Empty).SetArgDisplayNames("defaults");
        yield return new TestCaseData(
                "monitoring: {serviceMonitor: {enabled: true}, prometheusRule: {enabled: true}, dashboard: {enabled: true}, " +
                "labels: {release: prometheus}}")
            .SetArgDisplayNames("service monitors, rules, dashboard");
        yield return new TestCaseData("monitoring: {podMonitor: {enabled: true}, prometheusRule: {enabled: true}}").SetArgDisplayNames("pod monitors, rules");
        yield return new TestCaseData("image: {digest: \"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}")
            .SetArgDisplayNames("digest");
        yield return new TestCaseData("replicas: 3\npodDisruptionBudget: {minAvailable: 2}").SetArgDisplayNames("HA, three replicas");
        yield return new TestCaseData("replicas: 1\nleaderElection: {enabled: false}\nmetrics: {service: {enabled: false}}")
            .SetArgDisplayNames("one replica, no election, no Service");
        yield return new TestCaseData("nodeLocalDns: {create: true, spec: {kubeProxyMode: nftables}}").SetArgDisplayNames("with a NodeLocalDns");
    }

    [SetUp]
    public async Task StartServerWithTheCrds()
    {
        _server = await TestKubeApiServer.StartAsync();
        _kubectl = new KubectlSession(_server);
        await _kubectl.RunOkAsync("apply", "-f",
            _kubectl.WriteFile("namespace.yaml", $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ReleaseNamespace}\n"));
        await _kubectl.RunOkAsync("apply", "-f", TestData.Repo("charts", "nodelocal-operator", "crds"));
        await _kubectl.RunOkAsync("apply", "-f", MonitoringCrds);
    }

    [TearDown]
    public async Task StopServer()
    {
        _kubectl.Dispose();
        await _server.DisposeAsync();
    }

    [TestCaseSource(nameof(ValueSets))]
    public async Task RenderedChart_ServerSideDryRun_AcceptsEveryObjectAndStoresNone(string overrides)
    {
        var manifests = HelmChart.Operator().RenderManifests(releaseNamespace: ReleaseNamespace, overrides: overrides);
        var documents = YamlValues.ParseAll(manifests).OfType<Dictionary<string, object?>>().ToList();

        var applied = await _kubectl.RunOkAsync("apply", "--dry-run=server", "--validate=strict", "-f", _kubectl.WriteFile("release.yaml", manifests));
        var lines = applied.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var stored = await _kubectl.RunOkAsync("get",
            "deployments,services,serviceaccounts,poddisruptionbudgets,configmaps,servicemonitors,podmonitors,prometheusrules",
            "-n", ReleaseNamespace, "-o", "name");
        var storedClusterWide = await _kubectl.RunOkAsync("get", "clusterroles,nodelocaldnses", "-o", "name");

        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(documents.Count), applied);
            Assert.That(lines, Has.All.EndsWith(" created (server dry run)"));
            Assert.That(stored.Trim(), Is.Empty, "a dry run stores nothing");
            Assert.That(storedClusterWide.Trim(), Is.Empty);
        });
    }

    [Test]
    public async Task MonitoringObject_MisspeltOrMistypedField_IsRefusedByTheServer()
    {
        // The dry runs above can fail: the server validates custom resources against their CRD's schema (unknown fields
        // refused under kubectl's strict field validation, types and patterns checked), and the minimal schemas are strict.
        var monitor = _kubectl.WriteFile("monitor.yaml", $"""
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata:
              name: misspelt
              namespace: {ReleaseNamespace}
            spec:
              selector:
                matchLabels:
                  a: b
              endpoints:
                - port: metrics
                  intervall: 30s
            """);
        var mistyped = _kubectl.WriteFile("mistyped.yaml", $"""
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata:
              name: mistyped
              namespace: {ReleaseNamespace}
            spec:
              selector:
                matchLabels:
                  a: b
              endpoints:
                - port: metrics
                  interval: [30s]
            """);

        var misspelt = await _kubectl.RunAsync("apply", "--dry-run=server", "--validate=strict", "-f", monitor);
        var wrongType = await _kubectl.RunAsync("apply", "--dry-run=server", "--validate=strict", "-f", mistyped);

        Assert.Multiple(() =>
        {
            Assert.That(misspelt.ExitCode, Is.Not.Zero);
            Assert.That(misspelt.Stderr, Does.Contain("intervall"));
            Assert.That(wrongType.ExitCode, Is.Not.Zero);
            Assert.That(wrongType.Stderr, Does.Contain("interval"));
        });
    }
}
