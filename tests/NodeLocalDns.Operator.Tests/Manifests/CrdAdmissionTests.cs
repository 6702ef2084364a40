using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Tests.Support.Helm;
using NodeLocalDns.Operator.Tests.Support.Manifests;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// The committed CRD against the in-process API server, which checks CRDs and custom resources as kube-apiserver does
/// (structural schema, defaults valid for their schema and CEL rules, pruning, defaulting, CEL rules): the CRD is
/// accepted, the CRD as released with <c>default: {}</c> objects is refused with the message a v1.26 API server gave, and
/// what the schema promises at admission holds (addresses, distinct ports, an immutable namespace, conditions keyed by
/// type).
/// </summary>
public sealed class CrdAdmissionTests
{
    private static JsonObject CommittedCrdJson() =>
        JsonNode.Parse(JsonSerializer.Serialize(YamlValues.Parse(AdmissionServer.CommittedCrd)))!.AsObject();

    private static JsonObject SpecSchema(JsonObject crd) =>
        crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!.AsObject();

    [Test]
    public async Task CommittedCrd_CreatedThroughTheApiServersValidation_IsAccepted()
    {
        await using var server = await AdmissionServer.StartAsync();

        using var client = server.Server.CreateClient();
        var stored = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("nodelocaldnses.dns.nodelocal.io");

        Assert.That(stored.Status.Conditions.Single(c => c.Type == "Established").Status, Is.EqualTo("True"));
    }

    [Test]
    public async Task CrdAsReleased_EmptyObjectDefaultUnderThePortsRule_IsRefusedAsKubeApiserverRefusedIt()
    {
        var released = CommittedCrdJson();
        SpecSchema(released)["properties"]!["ports"]!["default"] = new JsonObject();

        var error = Assert.ThrowsAsync<InvalidOperationException>(async () => await AdmissionServer.StartAsync(released.ToJsonString()));

        Assert.That(error!.Message, Does.Contain(
            "spec.validation.openAPIV3Schema.properties[spec].properties[ports].default: Invalid value: \"object\": " +
            "no such key: dns evaluating rule: dns, health, ready and metrics ports must differ"));
    }

    [Test]
    public void CommittedCrd_EveryObjectDefault_SpellsOutEveryDefaultedField()
    {
        var missing = new List<string>();
        Walk(SpecSchema(CommittedCrdJson()), "spec", missing);
        Assert.That(missing, Is.Empty, "object defaults that leave a defaulted field out (the API server checks a default as written)");

        static void Walk(JsonObject schema, string path, List<string> missing)
        {
            if (schema["properties"] is JsonObject properties)
            {
                if (schema["default"] is JsonObject value)
                {
                    missing.AddRange(properties
                        .Where(p => p.Value?["default"] is not null && !value.ContainsKey(p.Key))
                        .Select(p => $"{path}.default.{p.Key}"));
                }

                foreach (var (name, property) in properties)
                {
                    Walk(property!.AsObject(), $"{path}.{name}", missing);
                }
            }
        }
    }

    [Test]
    public void CommittedCrd_StatusFields_AreAllDescribedForKubectlExplain()
    {
        var status = CommittedCrdJson()["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["status"]!.AsObject();
        var undescribed = new List<string>();
        Walk(status, "status", undescribed);
        Assert.That(undescribed, Is.Empty);

        static void Walk(JsonObject schema, string path, List<string> undescribed)
        {
            if (schema["description"] is null)
            {
                undescribed.Add(path);
            }

            foreach (var (name, property) in schema["properties"] as JsonObject ?? [])
            {
                Walk(property!.AsObject(), $"{path}.{name}", undescribed);
            }

            if (schema["items"] is JsonObject { } items && items["properties"] is not null)
            {
                Walk(items, path + "[]", undescribed);
            }
        }
    }

    [Test]
    public void CommittedCrd_PrinterColumns_ShowAvailableProgressingAndDegraded()
    {
        var columns = CommittedCrdJson()["spec"]!["versions"]![0]!["additionalPrinterColumns"]!.AsArray()
            .Where(c => c!["priority"] is null).Select(c => c!["name"]!.GetValue<string>());
        Assert.That(columns, Is.EqualTo(new[] { "Available", "Progressing", "Degraded", "Stub domains", "Zones", "Ready nodes", "Age" }));
    }

    [TestCase("localIPs: [10.0.0.300]", "spec.localIPs: Invalid value: \"array\": every local IP must be an IPv4 or IPv6 address")]
    [TestCase("localIPs: [\"fd00::1::2\"]", "spec.localIPs: Invalid value: \"array\": every local IP must be an IPv4 or IPv6 address")]
    [TestCase("localIPs: [node-local]", "spec.localIPs: Invalid value: \"array\": every local IP must be an IPv4 or IPv6 address")]
    [TestCase("localIPs: [169.254.20.10, 169.254.20.11]", "spec: Invalid value: \"object\": two local IPs must be of different families")]
    [TestCase("localIPs: []", "spec.localIPs: Invalid value: 0: spec.localIPs in body should have at least 1 items")]
    [TestCase("localIPs: [169.254.20.10, 169.254.20.10]", "spec.localIPs[1]: Duplicate value: \"169.254.20.10\"")]
    [TestCase("localIPs: [169.254.20.10, \"fd00::1\", 169.254.20.11]", "spec.localIPs: Too many: 3: must have at most 2 items")]
    [TestCase("ports: {ready: 53}", "spec.ports: Invalid value: \"object\": dns, health, ready and metrics ports must differ")]
    [TestCase("ports: {health: 8181}", "spec.ports: Invalid value: \"object\": dns, health, ready and metrics ports must differ")]
    [TestCase("ports: {metrics: 8080}", "spec.ports: Invalid value: \"object\": dns, health, ready and metrics ports must differ")]
    [TestCase("upstream: {mode: ClusterDNS, servers: [10.0.0.2]}", "spec.upstream: Invalid value: \"object\": servers are only used with mode Servers")]
    [TestCase("kubeProxyMode: userspace", "spec.kubeProxyMode: Unsupported value: \"userspace\"")]
    [TestCase("stubDomains: {routing: direct}", "spec.stubDomains.routing: Unsupported value: \"direct\"")]
    [TestCase("cache: {successTTL: -30}", "spec.cache.successTTL: Invalid value: -30: spec.cache.successTTL in body should be greater than or equal to 1")]
    [TestCase("cache: {denialTTL: 86401}", "spec.cache.denialTTL: Invalid value: 86401: spec.cache.denialTTL in body should be less than or equal to 86400")]
    [TestCase("cache: {prefetch: {duration: 1 minute}}", "spec.cache.prefetch.duration: Invalid value: \"1 minute\"")]
    [TestCase("daemon: {podLabels: {k8s-app: mine}}", "spec.daemon.podLabels: Invalid value: \"object\": podLabels cannot set k8s-app")]
    [TestCase(
        "daemon: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: " +
        "{nodeSelectorTerms: [{matchExpressions: [{key: a, operator: NotIn, value: b}]}]}}}}",
        "unknown field \"spec.daemon.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution" +
        ".nodeSelectorTerms[0].matchExpressions[0].value\"")]
    [TestCase("cacheSize: 1000", "strict decoding error: unknown field \"spec.cacheSize\"")]
    [TestCase("daemon: {image: x, replicas: 2}", "strict decoding error: unknown field \"spec.daemon.replicas\"")]
    [TestCase("kubeDNSService: {namespace: kube-system}", "spec.kubeDNSService.name: Required value")]
    [TestCase("kubeDNSService: {name: Kube_DNS}", "spec.kubeDNSService.name: Invalid value: \"Kube_DNS\"")]
    [TestCase("namespace: Kube-System", "spec.namespace: Invalid value: \"Kube-System\"")]
    [TestCase("stubDomains: {extraZones: [{zone: corp.example}]}", "spec.stubDomains.extraZones[0].servers: Required value")]
    [TestCase("ports: {dns: 65536}", "spec.ports.dns: Invalid value: 65536")]
    [TestCase("ports: {dns: \"53\"}", "spec.ports.dns: Invalid value: \"string\": spec.ports.dns in body must be of type integer: \"string\"")]
    [TestCase("forceTCPToClusterDNS: \"true\"", "spec.forceTCPToClusterDNS: Invalid value: \"string\"")]
    [TestCase("daemon: {updateStrategy: {maxSurge: true}}", "spec.daemon.updateStrategy.maxSurge: Invalid value: \"boolean\"")]
    [TestCase("daemon: {nodeSelector: {pool: 1}}", "spec.daemon.nodeSelector[pool]: Invalid value: \"integer\"")]
    [TestCase("cache: 30", "spec.cache: Invalid value: \"integer\"")]
    public async Task Create_InvalidSpec_IsRefusedAtAdmissionWithTheField(string specYaml, string expected)
    {
        await using var server = await AdmissionServer.StartAsync();

        var admission = await server.CreateNodeLocalDnsAsync(AdmissionServer.NodeLocalDns(specYaml));

        Assert.Multiple(() =>
        {
            Assert.That(admission.Accepted, Is.False, "accepted");
            Assert.That(admission.Message, Does.Contain(expected));
        });
    }

    [TestCase("localIPs: [\"fd00:3456:789a:1::1\"]")]
    [TestCase("localIPs: [169.254.20.10, \"fd00:3456:789a:1::1\"]")]
    [TestCase("localIPs: [\"::ffff:1\"]")]
    [TestCase("ports: {dns: 5353, health: 9254, ready: 9255, metrics: 9256}")]
    public async Task Create_ValidSpec_IsAccepted(string specYaml)
    {
        await using var server = await AdmissionServer.StartAsync();

        var admission = await server.CreateNodeLocalDnsAsync(AdmissionServer.NodeLocalDns(specYaml));

        Assert.That(admission.Accepted, Is.True, admission.Message);
    }

    [Test]
    public async Task Create_EmptySpec_GetsEveryDefaultButTheLocalIps()
    {
        await using var server = await AdmissionServer.StartAsync();

        var spec = (await server.CreateNodeLocalDnsAsync(AdmissionServer.NodeLocalDns("{}"))).Object!["spec"]!;

        Assert.Multiple(() =>
        {
            Assert.That(spec["ports"]!.ToJsonString(), Is.EqualTo("""{"dns":53,"health":8080,"ready":8181,"metrics":9253}"""));
            Assert.That(spec["namespace"]!.GetValue<string>(), Is.EqualTo("kube-system"));
            Assert.That(spec["daemon"]!["updateStrategy"]!.ToJsonString(), Is.EqualTo("""{"maxSurge":"10%","maxUnavailable":0}"""));
            Assert.That(spec["localIPs"], Is.Null, "chosen by the operator from the kube-dns Service's IP families");
        });
    }

    [Test]
    public async Task Update_Namespace_IsRefusedBecauseTwoNodeCachesWouldBindTheSameAddresses()
    {
        await using var server = await AdmissionServer.StartAsync();
        var created = (await server.CreateNodeLocalDnsAsync(AdmissionServer.NodeLocalDns("{}"), dryRun: false)).Object!;
        var unchanged = created.DeepClone().AsObject();
        unchanged["spec"]!["logLevel"] = "Debug";
        var updated = await server.ReplaceNodeLocalDnsAsync(unchanged);

        var moved = updated.Object!.DeepClone().AsObject();
        moved["spec"]!["namespace"] = "node-cache";
        var refused = await server.ReplaceNodeLocalDnsAsync(moved);

        Assert.Multiple(() =>
        {
            Assert.That(updated.Accepted, Is.True, updated.Message);
            Assert.That(refused.Code, Is.EqualTo(422));
            Assert.That(refused.Message, Does.Contain("spec.namespace: Invalid value: \"string\": namespace is immutable"));
        });
    }

    [Test]
    public async Task UpdateStatus_TwoConditionsOfOneType_IsRefused()
    {
        await using var server = await AdmissionServer.StartAsync();
        var created = (await server.CreateNodeLocalDnsAsync(AdmissionServer.NodeLocalDns("{}"), dryRun: false)).Object!;
        JsonObject Condition(string status) => new()
        {
            ["type"] = ConditionTypes.Available,
            ["status"] = status,
            ["reason"] = ConditionReasons.AsExpected,
            ["message"] = "m",
            ["lastTransitionTime"] = "2026-01-01T00:00:00Z",
        };
        created["status"] = new JsonObject { ["conditions"] = new JsonArray(Condition("True"), Condition("False")) };

        var refused = await server.ReplaceNodeLocalDnsAsync(created, "/status");

        Assert.That(refused.Message, Does.Contain("status.conditions[1]: Duplicate value: map[string]interface {}{\"type\":\"Available\"}"));
    }
}
