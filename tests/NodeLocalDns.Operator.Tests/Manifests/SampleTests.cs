using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using NodeLocalDns.Operator.Api.Schema;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Operator.Tests.Support.Helm;
using NodeLocalDns.Operator.Tests.Support.Manifests;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// The example resources under crds/samples/: they deserialize into the C# API type, pass the API server's admission
/// (schema, CEL rules, strict field validation; a server-side dry run against the in-process API server, which checks
/// custom resources as kube-apiserver does) without losing a field, and work: the reconciler turns each into a
/// running, Available node cache.
/// </summary>
public sealed class SampleTests
{
    private static readonly string[] SampleNames = ["nodelocaldns-default.yaml", "nodelocaldns-ipvs-viaclusterdns.yaml", "nodelocaldns-full.yaml"];

    /// <summary>Fields the full sample leaves out on purpose, with the reason.</summary>
    private static readonly Dictionary<string, string> FullSampleOmissions = new(StringComparer.Ordinal)
    {
        ["spec.daemon.resources.claims"] = "dynamic resource claims need pod-level resourceClaims, which the node-cache DaemonSet does not declare",
        // V1Affinity is Kubernetes's own type, passed to the pod template as it is: the sample shows the one use that
        // matters for a DaemonSet (keeping it off nodes that cannot run it), not every corner of the type.
        ["spec.daemon.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution"] = "a preference cannot move a DaemonSet's pod to another node",
        ["spec.daemon.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[*].matchFields"] =
            "matchExpressions show the shape; matchFields select by node name",
        ["spec.daemon.affinity.podAffinity"] = "one pod per node: pod affinity only narrows which nodes get a cache",
        ["spec.daemon.affinity.podAntiAffinity"] = "one pod per node: pod anti-affinity only narrows which nodes get a cache",
    };

    private static string SampleText(string name) => File.ReadAllText(TestData.Repo("crds", "samples", name));

    private static V1Alpha1NodeLocalDns Typed(string yaml) => ManifestObjects.NodeLocalDns(yaml);

    [Test]
    public void SamplesFolder_Files_AreTheDocumentedThree() =>
        Assert.That(Directory.EnumerateFiles(TestData.Repo("crds", "samples")).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(SampleNames.Order(StringComparer.Ordinal)));

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
    public async Task Sample_ServerSideDryRun_IsAcceptedAndKeepsEveryField(string name)
    {
        await using var server = await AdmissionServer.StartAsync();

        var admission = await server.CreateNodeLocalDnsAsync(SampleText(name));

        Assert.That(admission.Accepted, Is.True, admission.Message);
        var sent = JsonNode.Parse(JsonSerializer.Serialize(YamlValues.At(YamlValues.Parse(SampleText(name)), "spec")))!;
        Assert.That(Missing(sent, admission.Object!["spec"], "spec"), Is.Empty, "fields the API server pruned");
    }

    /// <summary>Paths set in <paramref name="sent"/> that <paramref name="stored"/> lacks or holds otherwise.</summary>
    private static IEnumerable<string> Missing(JsonNode? sent, JsonNode? stored, string path) => (sent, stored) switch
    {
        (JsonObject s, JsonObject t) => s.SelectMany(p => t.ContainsKey(p.Key) ? Missing(p.Value, t[p.Key], $"{path}.{p.Key}") : [$"{path}.{p.Key}"]),
        (JsonArray s, JsonArray t) when s.Count == t.Count => s.SelectMany((item, i) => Missing(item, t[i], $"{path}[{i}]")),
        _ when sent?.ToJsonString() == stored?.ToJsonString() || sent?.ToString() == stored?.ToString() => [],
        _ => [path],
    };

    [Test]
    public void FullSample_Fields_CoverEverySpecFieldOfTheSchema()
    {
        var crd = YamlValues.Parse(File.ReadAllText(TestData.Repo("crds", CrdGenerator.FileName)));
        var specSchema = YamlValues.At(((List<object?>)YamlValues.At(crd, "spec.versions")!)[0], "schema.openAPIV3Schema.properties.spec");
        var sample = YamlValues.At(YamlValues.Parse(SampleText("nodelocaldns-full.yaml")), "spec");
        var missing = SchemaPaths(specSchema, "spec")
            .Where(path => !FullSampleOmissions.Keys.Any(omitted => path == omitted
                    || path.StartsWith(omitted + "[", StringComparison.Ordinal)
                    || path.StartsWith(omitted + ".", StringComparison.Ordinal))
                && !IsSet(sample, path["spec.".Length..]))
            .ToList();
        Assert.That(missing, Is.Empty, "fields the full sample does not set");
    }

    [TestCaseSource(nameof(SampleNames))]
    public async Task Sample_ReconciledAgainstTheTestCluster_BecomesAvailableWithValidConfig(string name)
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Corefiles.Kubeadm() + Corefiles.SomeCorp);
        var sample = Typed(SampleText(name));
        await cluster.Client.CustomObjects.CreateClusterCustomObjectAsync(
            sample, V1Alpha1NodeLocalDns.ApiGroup, V1Alpha1NodeLocalDns.Version, V1Alpha1NodeLocalDns.Plural);

        await cluster.ReconcileAsync();
        await cluster.MarkDaemonSetRolledOutAsync(nodes: 3);
        await cluster.ReconcileAsync();

        var status = (await cluster.GetNodeLocalDnsAsync()).Status!;
        var corefile = (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("node-local-dns", sample.Spec.Namespace)).Data["Corefile"];
        string? Condition(string type) => status.Conditions.Single(c => c.Type == type).Status;
        Assert.Multiple(() =>
        {
            Assert.That(Condition(ConditionTypes.Available), Is.EqualTo("True"),
                string.Join("; ", status.Conditions.Select(c => $"{c.Type}={c.Status} {c.Reason}: {c.Message}")));
            Assert.That(Condition(ConditionTypes.Degraded), Is.EqualTo("False"));
            Assert.That(Condition(ConditionTypes.ConfigValid), Is.EqualTo("True"));
            Assert.That(status.ReadyNodes, Is.EqualTo("3/3"));
            Assert.That(status.LocalIps, Is.EqualTo(sample.Spec.LocalIps is { Count: > 0 } ips ? ips : [NodeLocalDnsSpec.DefaultLocalIp]),
                "the kube-dns Service is IPv4");
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
