using System.Text.Json;
using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Reconciliation.Children;
using NodeLocalDns.Operator.Tests.Support.Helm;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// What an admin can trust in the chart, with the real helm: <c>helm lint --strict</c>, a matrix of values and what each
/// renders, values.schema.json refusing bad values, the guards refusing unsafe combinations with a message that says
/// what to change, the image pinned by digest, the PodDisruptionBudget, the chart metadata, and monitors that select
/// exactly what the operator creates.
/// </summary>
[Category(TestCategories.Helm)]
public sealed class ChartValuesTests
{
    private const string Namespace = "nodelocal-system";
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string MonitoringWithServiceMonitors =
        "monitoring: {serviceMonitor: {enabled: true}, prometheusRule: {enabled: true}, dashboard: {enabled: true}, " +
        "labels: {release: prometheus}}";
    private const string MonitoringWithPodMonitors = "monitoring: {podMonitor: {enabled: true}, prometheusRule: {enabled: true}, dashboard: {enabled: true}}";

    private static readonly HelmChart Chart = HelmChart.Operator();

    /// <summary>Named value sets and the kinds each renders, in helm's install order.</summary>
    private static IEnumerable<TestCaseData> ValueMatrix()
    {
        // Four Roles and bindings: the Lease, reads in the watched namespace, writes in the node cache's, events.
        string[] core =
        [
            "ServiceAccount", "ClusterRole", "ClusterRoleBinding",
            "Role", "Role", "Role", "Role", "RoleBinding", "RoleBinding", "RoleBinding", "RoleBinding",
            "Service", "Deployment",
        ];
        yield return new TestCaseData(string.Empty, (string[])["PodDisruptionBudget", .. core]).SetArgDisplayNames("defaults");
        yield return new TestCaseData(
                MonitoringWithServiceMonitors,
                (string[])
                [
                    "PodDisruptionBudget", "ServiceAccount", "ConfigMap", .. core[1..], "PrometheusRule", "ServiceMonitor", "ServiceMonitor",
                ])
            .SetArgDisplayNames("service monitors, rules, dashboard");
        yield return new TestCaseData(
                MonitoringWithPodMonitors,
                (string[])
                [
                    "PodDisruptionBudget", "ServiceAccount", "ConfigMap", .. core[1..], "PodMonitor", "PodMonitor", "PrometheusRule",
                ])
            .SetArgDisplayNames("pod monitors, rules, dashboard");
        yield return new TestCaseData($"image: {{digest: \"{Digest}\"}}", (string[])["PodDisruptionBudget", .. core]).SetArgDisplayNames("digest");
        yield return new TestCaseData(
                "replicas: 3\nleaderElection: {enabled: true}\npodDisruptionBudget: {minAvailable: 2}",
                (string[])["PodDisruptionBudget", .. core])
            .SetArgDisplayNames("HA, three replicas");
        yield return new TestCaseData(
                "replicas: 1\nleaderElection: {enabled: false}",
                (string[])
                [
                    "ServiceAccount", "ClusterRole", "ClusterRoleBinding",
                    "Role", "Role", "Role", "RoleBinding", "RoleBinding", "RoleBinding",
                    "Service", "Deployment",
                ])
            .SetArgDisplayNames("one replica, no election");
        yield return new TestCaseData(
                "nodeLocalDns: {create: true, spec: {kubeProxyMode: ipvs}}",
                (string[])["PodDisruptionBudget", .. core, "NodeLocalDns"])
            .SetArgDisplayNames("with a NodeLocalDns");
    }

    private static List<Dictionary<string, object?>> Documents(string? overrides, string releaseName = "nodelocal-operator") =>
        [.. YamlValues.ParseAll(Chart.RenderManifests(releaseName, Namespace, overrides)).OfType<Dictionary<string, object?>>()];

    private static Dictionary<string, object?> Single(string kind, string? overrides, string? nameSuffix = null) =>
        Documents(overrides).Single(d => (string?)d["kind"] == kind
            && (nameSuffix is null || ((string)YamlValues.At(d, "metadata.name")!).EndsWith(nameSuffix, StringComparison.Ordinal)));

    [TestCase("")]
    [TestCase(MonitoringWithServiceMonitors)]
    [TestCase(MonitoringWithPodMonitors)]
    [TestCase($"image: {{digest: \"{Digest}\"}}\nnodeLocalDns: {{create: true}}")]
    public void HelmLint_Strict_PassesWithoutWarnings(string overrides)
    {
        var values = Path.Combine(Path.GetTempPath(), $"nld-lint-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(values, overrides);
        try
        {
            var lint = HelmProcess.Run("lint", "--strict", Chart.Directory, "--namespace", Namespace, "--values", values);
            Assert.Multiple(() =>
            {
                Assert.That(lint.ExitCode, Is.Zero, lint.Stdout + lint.Stderr);
                Assert.That(lint.Stdout, Does.Contain("1 chart(s) linted, 0 chart(s) failed"));
                Assert.That(lint.Stdout, Does.Not.Contain("[WARNING]").And.Not.Contain("[ERROR]"));
            });
        }
        finally
        {
            File.Delete(values);
        }
    }

    [TestCaseSource(nameof(ValueMatrix))]
    public void Template_ValueSet_RendersExactlyItsKindsInTheReleaseNamespace(string overrides, string[] kinds)
    {
        var documents = Documents(overrides);
        Assert.Multiple(() =>
        {
            Assert.That(documents.Select(d => d["kind"]), Is.EquivalentTo(kinds));
            foreach (var document in documents.Where(d => (string?)d["kind"] is not ("ClusterRole" or "ClusterRoleBinding" or "NodeLocalDns")))
            {
                var name = (string)YamlValues.At(document, "metadata.name")!;
                if ((string?)document["kind"] is "Role" or "RoleBinding" && !name.EndsWith("-leader-election", StringComparison.Ordinal))
                {
                    // A Role grants only in its own namespace: the reads live in the watched namespaces, the writes in the
                    // node cache's namespace and the events in default (all kube-system or default with these values).
                    Assert.That(YamlValues.At(document, "metadata.namespace"), Is.AnyOf("kube-system", "default"),
                        $"{document["kind"]} {name}: where it grants");
                    continue;
                }

                Assert.That(YamlValues.At(document, "metadata.namespace"), Is.EqualTo(Namespace), $"{document["kind"]} {name}: one install namespace");
            }
        });
    }

    [TestCase("replicas: 2\nleaderElection: {enabled: false}", "replicas is 2 but leaderElection.enabled is false")]
    [TestCase("monitoring: {serviceMonitor: {enabled: true}, podMonitor: {enabled: true}}", "Prometheus would scrape every target twice")]
    [TestCase("monitoring: {serviceMonitor: {enabled: true}}\nmetrics: {service: {enabled: false}}",
        "monitoring.serviceMonitor.enabled needs metrics.service.enabled")]
    [TestCase("replicas: 2\npodDisruptionBudget: {minAvailable: 2}", "podDisruptionBudget.minAvailable (2) must be below replicas (2)")]
    [TestCase("nodeLocalDns: {create: true, spec: {namespace: dns}}", "nodeLocalDns.spec.namespace is \"dns\" but nodeCacheNamespace is \"kube-system\"")]
    [TestCase("nodeLocalDns: {create: true, spec: {ports: {metrics: 9300}}}",
        "nodeLocalDns.spec.ports.metrics is 9300 but monitoring.nodeCacheMetricsPort is 9253")]
    public void Guard_UnsafeCombination_FailsTheInstallSayingWhatToChange(string overrides, string message)
    {
        var result = Chart.Template(releaseNamespace: Namespace, overrides: overrides);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.Stderr, Does.Contain("execution error").And.Contain(message));
        });
    }

    [TestCase("nodeLocalDns: {create: true, spec: {namespace: dns, ports: {metrics: 9300}}}\nnodeCacheNamespace: dns\n" +
        "monitoring: {nodeCacheMetricsPort: 9300}")]
    [TestCase("replicas: 1\nleaderElection: {enabled: false}\npodDisruptionBudget: {minAvailable: 1}")]
    [TestCase("replicas: 3\npodDisruptionBudget: {minAvailable: \"50%\"}")]
    public void Guard_ConsistentValues_Pass(string overrides) =>
        Assert.That(Chart.Template(releaseNamespace: Namespace, overrides: overrides).ExitCode, Is.Zero);

    [TestCase("replicas: 0", "replicas: Must be greater than or equal to 1")]
    [TestCase("replicas: two", "replicas: Invalid type. Expected: integer, given: string")]
    [TestCase("image: {pullPolicy: Sometimes}", "image.pullPolicy must be one of the following")]
    [TestCase("image: {digest: latest}", "image.digest: Does not match pattern")]
    [TestCase("image: {repository: \"\"}", "image.repository: String length must be greater than or equal to 1")]
    [TestCase("imagePullSecrets: [regcred]", "imagePullSecrets.0: Invalid type. Expected: object, given: string")]
    [TestCase("logLevel: Verbose", "logLevel must be one of the following")]
    [TestCase("replica: 2", "Additional property replica is not allowed")]
    [TestCase("leaderElection: {leaseDuration: 15}", "Additional property leaseDuration is not allowed")]
    [TestCase("watchNamespaces: []", "watchNamespaces: Array must have at least 1 items")]
    [TestCase("watchNamespaces: [Kube_System]", "watchNamespaces.0: Does not match pattern")]
    [TestCase("podLabels: {team: 1}", "podLabels.team: Invalid type. Expected: string, given: integer")]
    [TestCase("podDisruptionBudget: {minAvailable: half}", "podDisruptionBudget.minAvailable: Must validate one and only one schema")]
    [TestCase("monitoring: {interval: 30}", "monitoring.interval: Invalid type. Expected: string, given: integer")]
    [TestCase("monitoring: {scrapeTimeout: 10 seconds}", "monitoring.scrapeTimeout: Does not match pattern")]
    [TestCase("monitoring: {prometheusRule: {servfailRatio: 5}}", "monitoring.prometheusRule.servfailRatio: Must be less than or equal to 1")]
    [TestCase("monitoring: {serviceMonitors: {enabled: true}}", "Additional property serviceMonitors is not allowed")]
    [TestCase("metrics: {port: 70000}", "metrics.port: Must be less than or equal to 65535")]
    [TestCase("nodeLocalDns: {create: \"yes\"}", "nodeLocalDns.create: Invalid type. Expected: boolean, given: string")]
    public void Schema_BadValue_IsRefusedNamingIt(string overrides, string message)
    {
        var result = Chart.Template(releaseNamespace: Namespace, overrides: overrides);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.Stderr, Does.Contain("values don't meet the specifications of the schema").And.Contain(message));
        });
    }

    [Test]
    public void Schema_Properties_AreExactlyTheValuesOfValuesYaml()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Chart.Directory, "values.schema.json")));
        var described = SchemaPaths(schema.RootElement, string.Empty).ToList();
        var values = ValuePaths(Chart.DefaultValues, string.Empty, schema.RootElement).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(values.Except(described), Is.Empty, "values.yaml keys values.schema.json does not describe (helm would refuse them)");
            Assert.That(described.Except(values), Is.Empty, "values.schema.json describes keys values.yaml does not have");
            Assert.That(schema.RootElement.GetProperty("additionalProperties").GetBoolean(), Is.False);
        });
    }

    [Test]
    public void Image_WithDigest_IsPulledAsTagAtDigest()
    {
        var withDigest = Single("Deployment", $"image: {{digest: \"{Digest}\"}}");
        var tagAndDigest = Single("Deployment", $"image: {{tag: 0.1.0-rc.1, digest: \"{Digest}\"}}");
        var withoutDigest = Single("Deployment", null);
        string Image(Dictionary<string, object?> deployment) =>
            (string)YamlValues.At(((List<object?>)YamlValues.At(deployment, "spec.template.spec.containers")!)[0], "image")!;
        Assert.Multiple(() =>
        {
            Assert.That(Image(withDigest), Is.EqualTo($"ghcr.io/nodelocal-operator/operator:0.1.0@{Digest}"));
            Assert.That(Image(tagAndDigest), Is.EqualTo($"ghcr.io/nodelocal-operator/operator:0.1.0-rc.1@{Digest}"));
            Assert.That(Image(withoutDigest), Is.EqualTo("ghcr.io/nodelocal-operator/operator:0.1.0"));
        });
    }

    [Test]
    public void PodDisruptionBudget_Defaults_KeepsOneOfTheTwoReplicasAndSelectsThem()
    {
        var objects = ChartTests.Objects();
        var budget = objects.OfType<V1PodDisruptionBudget>().Single();
        var deployment = objects.OfType<V1Deployment>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(budget.Spec.MinAvailable.Value, Is.EqualTo("1"));
            Assert.That(budget.Spec.Selector.MatchLabels, Is.EqualTo(deployment.Spec.Selector.MatchLabels));
            Assert.That(deployment.Spec.Replicas,
                Is.GreaterThan(int.Parse(budget.Spec.MinAvailable.Value, System.Globalization.CultureInfo.InvariantCulture)),
                "a drain can always evict one");
        });
    }

    [TestCase("replicas: 1\nleaderElection: {enabled: false}")]
    [TestCase("podDisruptionBudget: {enabled: false}")]
    public void PodDisruptionBudget_OneReplicaOrDisabled_IsNotRendered(string overrides) =>
        Assert.That(Documents(overrides).Select(d => d["kind"]), Has.None.EqualTo("PodDisruptionBudget"));

    [Test]
    public void Resources_Defaults_RequestMemoryAndCpuAndLimitOnlyMemory()
    {
        var resources = ChartTests.Single<V1Deployment>().Spec.Template.Spec.Containers.Single().Resources;
        Assert.Multiple(() =>
        {
            Assert.That(resources.Requests.Keys, Is.EquivalentTo(new[] { "cpu", "memory" }));
            Assert.That(resources.Limits.Keys, Is.EquivalentTo(new[] { "memory" }), "no CPU limit: throttling would only slow reconciles");
            Assert.That(resources.Limits["memory"].ToDecimal(), Is.GreaterThanOrEqualTo(resources.Requests["memory"].ToDecimal() * 2),
                "room for large watched namespaces and the GC");
        });
    }

    [Test]
    public void ChartYaml_Metadata_NamesHomeSourcesMaintainersKubeVersionAndImages()
    {
        var metadata = Chart.Metadata;
        var annotations = (Dictionary<string, object?>)metadata["annotations"]!;
        var images = (List<object?>)YamlValues.Parse((string)annotations["artifacthub.io/images"]!)!;
        var crd = YamlValues.Parse(File.ReadAllText(TestData.Repo("crds", "dns.nodelocal.io_nodelocaldnses.yaml")));
        var crdDaemonImage = YamlValues.At(((List<object?>)YamlValues.At(crd, "spec.versions")!)[0],
            "schema.openAPIV3Schema.properties.spec.properties.daemon.properties.image.default");
        Assert.Multiple(() =>
        {
            Assert.That(metadata["home"] as string, Does.StartWith("https://"));
            Assert.That(metadata["sources"] as List<object?>, Is.Not.Empty);
            Assert.That(YamlValues.At(((List<object?>)metadata["maintainers"]!)[0], "name"), Is.Not.Null.And.Not.Empty);
            Assert.That(metadata["kubeVersion"], Is.EqualTo(">=1.25.0-0"), "CEL validation rules need 1.25");
            Assert.That(annotations["artifacthub.io/license"], Is.EqualTo("Apache-2.0"));
            Assert.That(YamlValues.At(images[0], "image"),
                Is.EqualTo($"{YamlValues.At(Chart.DefaultValues, "image.repository")}:{metadata["appVersion"]}"),
                "the operator image the chart runs");
            Assert.That(YamlValues.At(images[1], "image"), Is.EqualTo(crdDaemonImage), "the node cache image the CRD defaults to");
        });
    }

    [Test]
    public void ServiceMonitors_Selectors_MatchTheOperatorsServiceAndTheNodeCacheMetricsServiceTheOperatorCreates()
    {
        var operatorMonitor = Single("ServiceMonitor", MonitoringWithServiceMonitors, "nodelocal-operator");
        var nodeCacheMonitor = Single("ServiceMonitor", MonitoringWithServiceMonitors, "-node-cache");
        var operatorService = ChartTests.Objects().OfType<V1Service>().Single();
        var nodeCacheService = NodeCacheChildren().MetricsService;
        Assert.Multiple(() =>
        {
            Assert.That(Selects(operatorMonitor, operatorService.Metadata.Labels), Is.True);
            Assert.That(Endpoints(operatorMonitor, "endpoints").Select(e => e["port"]), Is.EqualTo(operatorService.Spec.Ports.Select(p => p.Name)));
            Assert.That(YamlValues.At(operatorMonitor, "spec.namespaceSelector.matchNames"), Is.EqualTo(new List<object?> { Namespace }));
            Assert.That(Selects(nodeCacheMonitor, nodeCacheService.Metadata.Labels), Is.True, "the operator's node-local-dns metrics Service");
            Assert.That(Endpoints(nodeCacheMonitor, "endpoints").Select(e => e["port"]), Is.EqualTo(nodeCacheService.Spec.Ports.Select(p => p.Name)));
            Assert.That(YamlValues.At(nodeCacheMonitor, "spec.namespaceSelector.matchNames"),
                Is.EqualTo(new List<object?> { nodeCacheService.Metadata.NamespaceProperty }));
            Assert.That(nodeCacheService.Metadata.Labels[(string)YamlValues.At(nodeCacheMonitor, "spec.jobLabel")!],
                Is.EqualTo("node-local-dns"), "job=\"node-local-dns\", as the alerts select");
            Assert.That(YamlValues.At(operatorMonitor, "metadata.labels.release"), Is.EqualTo("prometheus"), "monitoring.labels");
            Assert.That(Selects(nodeCacheMonitor, new Dictionary<string, string> { ["k8s-app"] = "node-local-dns" }), Is.False,
                "never the stock addon's Service");
        });
    }

    [Test]
    public void PodMonitors_Selectors_MatchTheOperatorsPodsAndTheNodeCachePodsTheOperatorCreates()
    {
        var operatorMonitor = Single("PodMonitor", MonitoringWithPodMonitors, "nodelocal-operator");
        var nodeCacheMonitor = Single("PodMonitor", MonitoringWithPodMonitors, "-node-cache");
        var operatorPod = ChartTests.Single<V1Deployment>().Spec.Template;
        var nodeCachePod = NodeCacheChildren().DaemonSet.Spec.Template;
        var relabelings = Endpoints(nodeCacheMonitor, "podMetricsEndpoints").Single()["relabelings"] as List<object?>;
        var addresses = relabelings!
            .Where(r => YamlValues.At(r, "targetLabel") as string == "__address__")
            .Select(r => (string)YamlValues.At(r, "replacement")!)
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Selects(operatorMonitor, operatorPod.Metadata.Labels), Is.True);
            Assert.That(Endpoints(operatorMonitor, "podMetricsEndpoints").Select(e => e["port"]),
                Is.EqualTo(operatorPod.Spec.Containers.Single().Ports.Where(p => p.Name == "metrics").Select(p => p.Name)));
            Assert.That(Selects(nodeCacheMonitor, nodeCachePod.Metadata.Labels), Is.True, "the operator's node-local-dns pods");
            Assert.That(nodeCachePod.Spec.Containers.Single().Ports, Is.Null, "no ports to name, so the address is set by relabeling");
            Assert.That(addresses, Is.EqualTo(new[] { $"${{1}}:{new PortsSpec().Metrics}", $"[${{1}}]:{new PortsSpec().Metrics}" }),
                "IPv4 and IPv6 pod IPs with spec.ports.metrics");
            Assert.That(nodeCachePod.Metadata.Labels[(string)YamlValues.At(nodeCacheMonitor, "spec.jobLabel")!], Is.EqualTo("node-local-dns"));
        });
    }

    [Test]
    public void PrometheusRule_Alerts_SelectTheMonitorsJobsAndNamespaces()
    {
        var rule = Single("PrometheusRule", MonitoringWithServiceMonitors + "\nnodeCacheNamespace: dns");
        var expressions = ((List<object?>)YamlValues.At(rule, "spec.groups")!)
            .SelectMany(g => (List<object?>)YamlValues.At(g, "rules")!)
            .ToDictionary(r => (string)YamlValues.At(r, "alert")!, r => (string)YamlValues.At(r, "expr")!);
        Assert.Multiple(() =>
        {
            Assert.That(expressions.Keys, Is.SupersetOf(new[]
            {
                "NodeLocalDnsCacheDown", "NodeLocalDnsSetupErrors", "NodeLocalDnsServfailRatioHigh", "NodeLocalDnsUpstreamUnhealthy",
                "NodeLocalOperatorDown", "NodeLocalOperatorReconcileErrors",
            }));
            Assert.That(expressions.Where(e => e.Key.StartsWith("NodeLocalDns", StringComparison.Ordinal)).Select(e => e.Value),
                Has.All.Contain("job=\"node-local-dns\",namespace=\"dns\""));
            Assert.That(expressions.Where(e => e.Key.StartsWith("NodeLocalOperator", StringComparison.Ordinal)).Select(e => e.Value),
                Has.All.Contain($"job=\"nodelocal-operator\",namespace=\"{Namespace}\""));
            Assert.That(expressions["NodeLocalDnsServfailRatioHigh"], Does.EndWith("> 0.05"));
        });
    }

    [Test]
    public void DashboardConfigMap_Enabled_CarriesTheDashboardFileForTheGrafanaSidecar()
    {
        var configMap = ChartTests.Objects("monitoring: {dashboard: {enabled: true, annotations: {grafana_folder: DNS}}}").OfType<V1ConfigMap>().Single();
        var file = File.ReadAllText(Path.Combine(Chart.Directory, "files", "dashboard.json"));
        Assert.Multiple(() =>
        {
            Assert.That(configMap.Metadata.Labels["grafana_dashboard"], Is.EqualTo("1"));
            Assert.That(configMap.Metadata.Annotations["grafana_folder"], Is.EqualTo("DNS"));
            Assert.That(configMap.Data.Keys, Is.EqualTo(new[] { "nodelocal-dns.json" }));
            Assert.That(configMap.Data["nodelocal-dns.json"], Is.EqualTo(file.TrimEnd('\n')), "the file, byte for byte");
            Assert.That(() => JsonDocument.Parse(configMap.Data["nodelocal-dns.json"]).Dispose(), Throws.Nothing);
        });
    }

    /// <summary>The node cache objects the operator builds for a default NodeLocalDns, with its own code.</summary>
    private static (V1Service MetricsService, V1DaemonSet DaemonSet) NodeCacheChildren()
    {
        var owner = new V1Alpha1NodeLocalDns { Metadata = new V1ObjectMeta { Name = "default", Uid = "uid" }, Spec = new NodeLocalDnsSpec() };
        var kubeDns = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "kube-dns", NamespaceProperty = "kube-system" },
            Spec = new V1ServiceSpec { ClusterIP = "10.96.0.10" },
        };
        var nodeCache = ChildObjectBuilder.Build(owner, ["169.254.20.10"], kubeDns, ".:53 {\n}\n").NodeCache!;
        return (nodeCache.MetricsService, nodeCache.DaemonSet);
    }

    private static bool Selects(Dictionary<string, object?> monitor, IDictionary<string, string> labels) =>
        ((Dictionary<string, object?>)YamlValues.At(monitor, "spec.selector.matchLabels")!)
            .All(pair => labels.TryGetValue(pair.Key, out var value) && value == (string?)pair.Value);

    private static List<Dictionary<string, object?>> Endpoints(Dictionary<string, object?> monitor, string field) =>
        [.. ((List<object?>)YamlValues.At(monitor, $"spec.{field}")!).Cast<Dictionary<string, object?>>()];

    /// <summary>Dotted paths of the schema's properties; free-form objects (no properties of their own) are one path.</summary>
    private static IEnumerable<string> SchemaPaths(JsonElement schema, string prefix) =>
        schema.TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().SelectMany(p => SchemaPaths(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}.{p.Name}"))
            : [prefix];

    /// <summary>Dotted paths of values.yaml, descending only where the schema describes properties.</summary>
    private static IEnumerable<string> ValuePaths(object? value, string prefix, JsonElement schema)
    {
        if (value is Dictionary<string, object?> map && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties))
        {
            return map.SelectMany(pair => ValuePaths(
                pair.Value,
                prefix.Length == 0 ? pair.Key : $"{prefix}.{pair.Key}",
                properties.TryGetProperty(pair.Key, out var child) ? child : default));
        }

        return [prefix];
    }
}
