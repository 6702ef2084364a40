using k8s;
using NodeLocalDns.Operator.Api.Schema;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Operator.Tests.Support.Helm;
using NodeLocalDns.Operator.Tests.Support.Manifests;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// The example resources under crds/samples/: they deserialize into the C# API type, pass the CRD's schema as the API
/// server would check it (the test server does not validate custom resources), satisfy the CRD's CEL rules, and work:
/// the reconciler turns each into a running, Available node cache. The validator is shown to reject bad resources.
/// </summary>
public sealed class SampleTests
{
    private static readonly string[] SampleNames = ["nodelocaldns-default.yaml", "nodelocaldns-ipvs-viaclusterdns.yaml", "nodelocaldns-full.yaml"];

    /// <summary>
    /// The CRD's CEL rules, written again in C# over the typed spec (whose property initialisers are the schema defaults,
    /// as the API server applies them before evaluating the rules). Keyed by path and exact rule text: a changed or new
    /// rule fails <see cref="CelRules_InTheCrd_EachHasAStandIn"/> until its stand-in here is updated.
    /// </summary>
    private static readonly Dictionary<string, Func<NodeLocalDnsSpec, bool>> CelStandIns = new(StringComparer.Ordinal)
    {
        ["spec: !has(self.localIPs) || size(self.localIPs) < 2 || (self.localIPs[0].contains(':') != self.localIPs[1].contains(':'))"] =
            spec => spec.LocalIps.Count < 2 || spec.LocalIps[0].Contains(':', StringComparison.Ordinal) != spec.LocalIps[1].Contains(':', StringComparison.Ordinal),
        ["spec.upstream: self.mode == 'Servers' || !has(self.servers) || size(self.servers) == 0"] =
            spec => spec.Upstream.Mode == UpstreamMode.Servers || spec.Upstream.Servers.Count == 0,
        ["spec.ports: self.dns != self.health && self.dns != self.metrics && self.health != self.metrics && self.ready != self.health && self.ready != self.metrics"] =
            spec => spec.Ports.Dns != spec.Ports.Health && spec.Ports.Dns != spec.Ports.Metrics && spec.Ports.Health != spec.Ports.Metrics && spec.Ports.Ready != spec.Ports.Health && spec.Ports.Ready != spec.Ports.Metrics,
    };

    /// <summary>Fields the full sample leaves out on purpose, with the reason.</summary>
    private static readonly Dictionary<string, string> FullSampleOmissions = new(StringComparer.Ordinal)
    {
        ["spec.daemon.resources.claims"] = "dynamic resource claims need pod-level resourceClaims, which the node-cache DaemonSet does not declare",
    };

    private static readonly StructuralSchemaValidator Validator =
        StructuralSchemaValidator.ForCrd(File.ReadAllText(TestData.Repo("crds", CrdGenerator.FileName)), V1Alpha1NodeLocalDns.Version);

    private static string SampleText(string name) => File.ReadAllText(TestData.Repo("crds", "samples", name));

    private static V1Alpha1NodeLocalDns Typed(string yaml) => ManifestObjects.NodeLocalDns(yaml);

    [Test]
    public void SamplesFolder_Files_AreTheDocumentedThree() =>
        Assert.That(Directory.EnumerateFiles(TestData.Repo("crds", "samples")).Select(Path.GetFileName).Order(StringComparer.Ordinal), Is.EqualTo(SampleNames.Order(StringComparer.Ordinal)));

    [TestCaseSource(nameof(SampleNames))]
    public void Sample_DeserializedThroughJson_IsANodeLocalDnsKeepingEveryField(string name)
    {
        var sample = Typed(SampleText(name));
        Assert.Multiple(() =>
        {
            Assert.That(sample.ApiVersion, Is.EqualTo($"{V1Alpha1NodeLocalDns.ApiGroup}/{V1Alpha1NodeLocalDns.Version}"));
            Assert.That(sample.Kind, Is.EqualTo(V1Alpha1NodeLocalDns.KindName));
            Assert.That(sample.Metadata.Name, Is.EqualTo("default"), "one NodeLocalDns per cluster; every sample is an alternative for it");
            Assert.That(sample.Metadata.NamespaceProperty, Is.Null, "cluster-scoped");
            Assert.That(sample.Status, Is.Null);
        });
    }

    [TestCaseSource(nameof(SampleNames))]
    public void Sample_KubernetesYamlStrict_DeserializesIntoTheApiType(string name)
    {
        var sample = KubernetesYaml.Deserialize<V1Alpha1NodeLocalDns>(SampleText(name), strict: true);
        Assert.That(KubernetesJson.Serialize(sample.Spec), Is.EqualTo(KubernetesJson.Serialize(Typed(SampleText(name)).Spec)));
    }

    [TestCaseSource(nameof(SampleNames))]
    public void Sample_ValidatedAgainstTheCrdSchema_HasNoViolation(string name) =>
        Assert.That(Validator.Validate(YamlValues.Parse(SampleText(name))), Is.Empty);

    [TestCaseSource(nameof(SampleNames))]
    public void Sample_CelRules_Hold(string name)
    {
        var spec = Typed(SampleText(name)).Spec;
        Assert.That(CelStandIns.Where(rule => !rule.Value(spec)).Select(rule => rule.Key), Is.Empty);
    }

    [Test]
    public void CelRules_InTheCrd_EachHasAStandIn() =>
        Assert.That(Validator.UncheckedRules, Is.EquivalentTo(CelStandIns.Keys));

    [TestCase("spec: {localIPs: [169.254.20.10, 169.254.20.11]}", "localIPs[0].contains(':')")]
    [TestCase("spec: {upstream: {mode: ClusterDNS, servers: [10.0.0.2]}}", "self.mode == 'Servers'")]
    [TestCase("spec: {ports: {health: 9253}}", "self.dns != self.health")]
    public void CelStandIn_ViolatingSpec_Fails(string yaml, string ruleFragment)
    {
        var spec = Typed("apiVersion: dns.nodelocal.io/v1alpha1\nkind: NodeLocalDns\nmetadata: {name: default}\n" + yaml).Spec;
        Assert.That(CelStandIns.Where(rule => !rule.Value(spec)).Select(rule => rule.Key), Has.One.Contains(ruleFragment));
    }

    [TestCase("kubeProxyMode: userspace", "spec.kubeProxyMode: Unsupported value: \"userspace\"")]
    [TestCase("stubDomains: {routing: direct}", "spec.stubDomains.routing: Unsupported value: \"direct\"")]
    [TestCase("cache: {successTTL: -30}", "spec.cache.successTTL: Invalid value: -30: should be greater than or equal to 1")]
    [TestCase("cache: {denialTTL: 86401}", "spec.cache.denialTTL: Invalid value: 86401: should be less than or equal to 86400")]
    [TestCase("cache: {prefetch: {duration: 1 minute}}", "spec.cache.prefetch.duration: Invalid value: \"1 minute\"")]
    [TestCase("cacheSize: 1000", "spec.cacheSize: unknown field \"cacheSize\"")]
    [TestCase("daemon: {image: x, replicas: 2}", "spec.daemon.replicas: unknown field \"replicas\"")]
    [TestCase("localIPs: []", "spec.localIPs: must have at least 1 items")]
    [TestCase("localIPs: [169.254.20.10, 169.254.20.10]", "spec.localIPs: Duplicate value: \"169.254.20.10\"")]
    [TestCase("localIPs: [169.254.20.10, \"fd00::1\", 169.254.20.11]", "spec.localIPs: Too many: 3: must have at most 2 items")]
    [TestCase("kubeDNSService: {namespace: kube-system}", "spec.kubeDNSService.name: Required value")]
    [TestCase("kubeDNSService: {name: Kube_DNS}", "spec.kubeDNSService.name: Invalid value: \"Kube_DNS\"")]
    [TestCase("stubDomains: {extraZones: [{zone: corp.example}]}", "spec.stubDomains.extraZones[0].servers: Required value")]
    [TestCase("ports: {dns: 65536}", "spec.ports.dns: Invalid value: 65536")]
    [TestCase("ports: {dns: \"53\"}", "spec.ports.dns: must be an integer, got string")]
    [TestCase("forceTCPToClusterDNS: \"true\"", "spec.forceTCPToClusterDNS: must be a boolean, got string")]
    [TestCase("daemon: {updateStrategy: {maxSurge: true}}", "spec.daemon.updateStrategy.maxSurge: must be an integer or a string, got boolean")]
    [TestCase("daemon: {nodeSelector: {pool: 1}}", "spec.daemon.nodeSelector.pool: must be a string, got integer")]
    [TestCase("cache: 30", "spec.cache: must be an object, got integer")]
    public void Validator_InvalidSpec_IsRejectedWithTheField(string specYaml, string expected)
    {
        var document = YamlValues.Parse("apiVersion: dns.nodelocal.io/v1alpha1\nkind: NodeLocalDns\nmetadata: {name: default}\nspec:\n  " + specYaml + "\n");
        Assert.That(Validator.Validate(document), Has.Some.StartsWith(expected));
    }

    [TestCase("status: {stubDomainCount: 2, readyNodes: 3/3, conditions: [{type: Available, status: \"True\"}]}")]
    [TestCase("metadata: {name: default, labels: {a: b}, annotations: {c: d}}")]
    public void Validator_ValidExtras_AreAccepted(string yaml)
    {
        var document = YamlValues.Merge(YamlValues.Parse(SampleText("nodelocaldns-default.yaml")), YamlValues.Parse(yaml));
        Assert.That(Validator.Validate(document), Is.Empty);
    }

    [Test]
    public void Validator_UnknownTopLevelField_IsRejected() =>
        Assert.That(Validator.Validate(YamlValues.Parse("apiVersion: dns.nodelocal.io/v1alpha1\nkind: NodeLocalDns\nmetadata: {name: x}\nspek: {}\n")), Has.Some.StartsWith("spek: unknown field"));

    [Test]
    public void FullSample_Fields_CoverEverySpecFieldOfTheSchema()
    {
        var crd = YamlValues.Parse(File.ReadAllText(TestData.Repo("crds", CrdGenerator.FileName)));
        var specSchema = YamlValues.At(((List<object?>)YamlValues.At(crd, "spec.versions")!)[0], "schema.openAPIV3Schema.properties.spec");
        var sample = YamlValues.At(YamlValues.Parse(SampleText("nodelocaldns-full.yaml")), "spec");
        var missing = SchemaPaths(specSchema, "spec").Where(path => !FullSampleOmissions.Keys.Any(omitted => path == omitted || path.StartsWith(omitted + "[", StringComparison.Ordinal) || path.StartsWith(omitted + ".", StringComparison.Ordinal)) && !IsSet(sample, path["spec.".Length..])).ToList();
        Assert.That(missing, Is.Empty, "fields the full sample does not set");
    }

    [TestCaseSource(nameof(SampleNames))]
    public async Task Sample_ReconciledAgainstTheTestCluster_BecomesAvailableWithValidConfig(string name)
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Corefiles.Kubeadm() + Corefiles.SomeCorp);
        var sample = Typed(SampleText(name));
        await cluster.Client.CustomObjects.CreateClusterCustomObjectAsync(sample, V1Alpha1NodeLocalDns.ApiGroup, V1Alpha1NodeLocalDns.Version, V1Alpha1NodeLocalDns.Plural);

        await cluster.ReconcileAsync();
        await cluster.MarkDaemonSetRolledOutAsync(nodes: 3);
        await cluster.ReconcileAsync();

        var status = (await cluster.GetNodeLocalDnsAsync()).Status!;
        var corefile = (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("node-local-dns", sample.Spec.Namespace)).Data["Corefile"];
        string? Condition(string type) => status.Conditions.Single(c => c.Type == type).Status;
        Assert.Multiple(() =>
        {
            Assert.That(Condition(ConditionTypes.Available), Is.EqualTo("True"), string.Join("; ", status.Conditions.Select(c => $"{c.Type}={c.Status} {c.Reason}: {c.Message}")));
            Assert.That(Condition(ConditionTypes.Degraded), Is.EqualTo("False"));
            Assert.That(Condition(ConditionTypes.ConfigValid), Is.EqualTo("True"));
            Assert.That(status.ReadyNodes, Is.EqualTo("3/3"));
            Assert.That(status.LocalIps, Is.EqualTo(sample.Spec.LocalIps));
            Assert.That(corefile, Does.Contain("some.corp"));
            foreach (var zone in sample.Spec.StubDomains.ExtraZones)
            {
                Assert.That(corefile, Does.Contain(zone.Zone + ":"), "extra zones become server blocks");
            }
        });
    }

    private static IEnumerable<string> SchemaPaths(object? schema, string path)
    {
        var properties = YamlValues.At(schema, "properties") as Dictionary<string, object?>;
        if (properties is null || properties.Count == 0)
        {
            if (YamlValues.At(schema, "items") is { } items && YamlValues.At(items, "properties") is Dictionary<string, object?>)
            {
                return SchemaPaths(items, path + "[*]");
            }

            return [path];
        }

        return properties.SelectMany(pair => SchemaPaths(pair.Value, $"{path}.{pair.Key}"));
    }

    /// <summary>Whether the sample sets the dotted path; <c>[*]</c> means "in at least one item".</summary>
    private static bool IsSet(object? value, string path)
    {
        if (path.Length == 0)
        {
            return value is not null;
        }

        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var step = dot < 0 ? path : path[..dot];
        var rest = dot < 0 ? string.Empty : path[(dot + 1)..];
        if (step.EndsWith("[*]", StringComparison.Ordinal))
        {
            return YamlValues.At(value, step[..^3]) is List<object?> list && list.Any(item => IsSet(item, rest));
        }

        return value is Dictionary<string, object?> map && map.TryGetValue(step, out var child) && IsSet(child, rest);
    }
}
