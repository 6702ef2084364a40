using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Cli;

/// <summary>
/// <c>stubdomains</c> and <c>render</c> as a preview of what the operator does: CoreDNS's verdict for the release the
/// cluster runs, every zone's route, every setting from a NodeLocalDns manifest, and the full result as JSON. Run in
/// process; <see cref="CommandLineProcessTests"/> runs the built binary.
/// </summary>
public sealed class PreviewCommandTests
{
    private static readonly string Example = TestData.Repo("operator", "examples", "coredns-configmap.yaml");

    private static string CoreDnsConfigMap(string corefile, string name = "coredns") =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: kube-system\ndata:\n  Corefile: |\n" +
        string.Concat(corefile.Split('\n').Select(line => line.Length == 0 ? "\n" : $"    {line}\n"));

    private static string TempFile(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"preview-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    private static List<JsonElement> Diagnostics(JsonElement root, string code) =>
        [.. root.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() == code)];

    [Test]
    public void StubDomains_ConfigMapWithoutKind_ExitsTwoSayingWhatWasExpected()
    {
        // A ConfigMap document without 'kind' used to be skipped at info level, leaving an assumed cluster.local and exit 0.
        var withoutKind = CoreDnsConfigMap(Corefiles.Kubeadm()).Replace("kind: ConfigMap\n", string.Empty, StringComparison.Ordinal);
        var (exit, output, error) = CliRun.InProcess(withoutKind, "stubdomains", "-f", "-");
        using var json = JsonDocument.Parse(output);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error, Does.StartWith("inputs: no Corefile was found: expected CoreDNS's ConfigMap (kind: ConfigMap, with a 'Corefile' key)")
                .And.Contain("stdin:1: a document without kind (coredns), not read")
                .And.Contain("kubectl -n kube-system get configmap coredns -o yaml"));
            Assert.That(Diagnostics(json.RootElement, "InputIgnored").Single().GetProperty("severity").GetString(), Is.EqualTo("warning"));
        });
    }

    [Test]
    public void StubDomains_OnlyTheCustomConfigMap_ExitsTwoNamingWhatWasGiven()
    {
        var (exit, _, error) = CliRun.InProcess(string.Empty, "stubdomains", "-f", TestData.Shared("clusters", "aks-docs-rewrite-placeholder.yaml"));
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error, Does.Contain("ConfigMap kube-system/coredns-custom (keys test.server), which is not a Corefile"));
        });
    }

    [Test]
    public void StubDomains_ConfigCoreDnsRefuses_PrintsTheReadingAndExitsTwoWithLocatedErrors()
    {
        var corefile = Corefiles.Kubeadm() + "lab.corp {\n    hosts {\n        10.0.0.7 git.lab.corp\n    }\n    forward . x.x.x.x y.y.y.y\n}\n";
        var (exit, output, error) = CliRun.InProcess(corefile, "stubdomains", "-f", "-", "--coredns-version", "1.11.3");
        using var json = JsonDocument.Parse(output);
        var line = Corefiles.LineOf(corefile, "    forward . x.x.x.x");
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
            {
                $"Corefile:{line}:15: CoreDNS 1.11.3 refuses to load this Corefile: " +
                "\"plugin/forward: not an IP address or file: \"x.x.x.x\"\"; " +
                "it is a placeholder or a redacted address; put the upstream's real IP there.",
                $"Corefile:{line}:23: CoreDNS 1.11.3 refuses to load this Corefile: " +
                "\"plugin/forward: not an IP address or file: \"y.y.y.y\"\"; " +
                "it is a placeholder or a redacted address; put the upstream's real IP there.",
            }));
            Assert.That(Diagnostics(json.RootElement, "InvalidUpstream").Select(d => d.GetProperty("severity").GetString()),
                Is.EqualTo(new[] { "error", "error" }));
        });
    }

    [TestCase("1.4.0", 0)]
    [TestCase("v1.5.0", 2)]
    public void StubDomains_CoreDnsVersion_DecidesTheVerdictAndIsNamed(string version, int expectedExit)
    {
        var (exit, output, _) = CliRun.InProcess(".:53 {\n    kubernetes cluster.local\n    proxy . 8.8.8.8\n}\n",
            "stubdomains", "-f", "-", "--coredns-version", version);
        using var json = JsonDocument.Parse(output);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(expectedExit));
            Assert.That(Diagnostics(json.RootElement, "CoreDnsVersion").Single().GetProperty("message").GetString(),
                Is.EqualTo($"checked against CoreDNS {version.TrimStart('v')}: given with --coredns-version."));
        });
    }

    [Test]
    public void StubDomains_NoCoreDnsVersion_AssumesTheNewestAndSaysHowToGiveIt()
    {
        var (_, output, _) = CliRun.InProcess(Corefiles.Kubeadm(), "stubdomains", "-f", "-");
        using var json = JsonDocument.Parse(output);
        Assert.That(Diagnostics(json.RootElement, "CoreDnsVersion").Single().GetProperty("message").GetString(),
            Does.StartWith("checked against CoreDNS 1.14.4: no --coredns-version was given").And.Contain("kubectl -n kube-system get deployment coredns"));
    }

    [TestCase("1.x")]
    [TestCase("latest")]
    public void StubDomains_CoreDnsVersionThatIsNotARelease_IsAUsageError(string version)
    {
        var (exit, _, error) = CliRun.InProcess(Corefiles.Kubeadm(), "stubdomains", "-f", "-", "--coredns-version", version);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error, Does.Contain($"'{version}' is not a CoreDNS release for --coredns-version"));
        });
    }

    [Test]
    public void StubDomains_ImportsWithoutTheCustomConfigMap_WarnNamingTheFileToPass()
    {
        var corefile = File.ReadAllText(Example).Split("---")[0];
        var (exit, output, _) = CliRun.InProcess(corefile, "stubdomains", "-f", "-");
        using var json = JsonDocument.Parse(output);
        var imports = Diagnostics(json.RootElement, "ImportNotFound");
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(0));
            Assert.That(imports.Select(d => d.GetProperty("severity").GetString()), Is.EqualTo(new[] { "warning", "warning" }));
            Assert.That(imports.Last().GetProperty("message").GetString(), Does.Contain("stub domains among them").And.Contain("-f coredns-custom.yaml"));
        });
    }

    [Test]
    public void StubDomains_Zones_ListEveryZoneWithItsRoute()
    {
        var corefile = Corefiles.Kubeadm("    hosts {\n        10.0.0.5 registry.lab\n        fallthrough\n    }")
            + Corefiles.SomeCorp
            + "tmpl.lab {\n    template IN A tmpl.lab {\n        answer \"{{ .Name }} 60 IN A 10.0.0.9\"\n    }\n}\n";
        var (exit, output, _) = CliRun.InProcess(corefile, "stubdomains", "-f", "-");
        using var json = JsonDocument.Parse(output);
        var zones = json.RootElement.GetProperty("zones").EnumerateArray().ToDictionary(z => z.GetProperty("zone").GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(0));
            Assert.That(zones.Keys, Is.EqualTo(new[] { "cluster.local", "in-addr.arpa", "ip6.arpa", "registry.lab", "some.corp", "tmpl.lab" }));
            Assert.That(zones["some.corp"].GetProperty("route").GetString(), Is.EqualTo("direct"));
            Assert.That(zones["some.corp"].GetProperty("servers").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "10.1.2.3", "10.4.5.6" }));
            Assert.That(zones["registry.lab"].GetProperty("route").GetString(), Is.EqualTo("viaClusterDNS"));
            Assert.That(zones["registry.lab"].GetProperty("reason").GetString(), Does.StartWith("a hosts entry in CoreDNS"));
            Assert.That(zones["registry.lab"].GetProperty("source").GetString(), Is.EqualTo($"Corefile:{Corefiles.LineOf(corefile, "    hosts {")}"));
            Assert.That(zones["tmpl.lab"].GetProperty("reason").GetString(), Does.StartWith("CoreDNS answers it with template"));
            Assert.That(zones["cluster.local"].GetProperty("source").GetString(), Is.EqualTo($"Corefile:{Corefiles.LineOf(corefile, "    kubernetes")}"));
        });
    }

    [Test]
    public void Render_NodeLocalDnsManifest_TakesEverySettingFromTheSpec()
    {
        // render could not express serve_stale or prefetch at all before --nodelocaldns.
        var manifest = TempFile("""
            apiVersion: dns.nodelocal.io/v1alpha1
            kind: NodeLocalDns
            metadata:
              name: default
            spec:
              localIPs: ["169.254.25.10", "fd00::10"]
              kubeProxyMode: ipvs
              forceTCPToClusterDNS: false
              logLevel: Debug
              stubDomains:
                routing: ViaClusterDNS
                extraZones:
                  - zone: corp.example
                    servers: ["10.20.0.53"]
              upstream: {mode: Servers, servers: ["10.20.0.2"], forceTCP: true}
              cache:
                successCapacity: 5000
                successTTL: 60
                denialCapacity: 2000
                denialTTL: 10
                defaultTTL: 45
                prefetch: {amount: 5, duration: 2m, percentage: 20}
                serveStale: {duration: 30m, verify: true}
              ports: {dns: 5353, health: 8090, ready: 8191, metrics: 9300}
            """);
        try
        {
            var (exit, output, error) = CliRun.InProcess(string.Empty, "render", "-f", Example, "--nodelocaldns", manifest, "--upstream-ip", "10.96.0.11");
            Assert.Multiple(() =>
            {
                Assert.That(exit, Is.EqualTo(0), error);
                Assert.That(output, Does.Contain("cluster.local:5353 {").And.Contain("corp.example:5353 {"));
                Assert.That(output, Does.Contain("bind 169.254.25.10 fd00::10\n"), "ipvs binds only the local IPs");
                Assert.That(output, Does.Contain("success 5000 60").And.Contain("denial 2000 10").And.Contain("cache 45 {"));
                Assert.That(output, Does.Contain("prefetch 5 2m 20%").And.Contain("serve_stale 30m verify"));
                Assert.That(output,
                    Does.Contain("health 169.254.25.10:8090").And.Contain("ready 169.254.25.10:8191").And.Contain("prometheus {$NODE_IP}:9300"));
                Assert.That(output, Does.Contain("    log\n"), "logLevel Debug logs queries");
                Assert.That(output, Does.Contain("forward . 10.20.0.2 {\n        force_tcp\n    }"), "upstream Servers with forceTCP");
                Assert.That(output, Does.Contain("forward . 10.96.0.11\n"), "forceTCPToClusterDNS false");
                Assert.That(output, Does.Not.Contain("10.1.2.3"), "stubs go through cluster DNS");
            });
        }
        finally
        {
            File.Delete(manifest);
        }
    }

    [Test]
    public void Render_NodeLocalDnsManifest_ReadsTheConfigMapsItsSpecNames()
    {
        // RKE2 names CoreDNS's ConfigMap rke2-coredns-rke2-coredns; a ConfigMap the spec does not name is not read.
        var coreDns = TempFile(CoreDnsConfigMap(Corefiles.Kubeadm() + Corefiles.SomeCorp, "rke2-coredns-rke2-coredns")
            + "---\n"
            + CoreDnsConfigMap(".:53 {\n    forward . 1.1.1.1\n}\n"));
        var manifest = TempFile("apiVersion: dns.nodelocal.io/v1alpha1\nkind: NodeLocalDns\nmetadata:\n  name: default\n" +
            "spec:\n  stubDomains:\n    coreDNSConfigMap: {namespace: kube-system, name: rke2-coredns-rke2-coredns}\n");
        try
        {
            var (exit, output, _) = CliRun.InProcess(string.Empty, "stubdomains", "-f", coreDns, "--nodelocaldns", manifest);
            using var json = JsonDocument.Parse(output);
            Assert.Multiple(() =>
            {
                Assert.That(exit, Is.EqualTo(0));
                Assert.That(json.RootElement.GetProperty("stubDomains").EnumerateArray().Select(s => s.GetProperty("zone").GetString()),
                    Is.EqualTo(new[] { "some.corp" }));
                Assert.That(Diagnostics(json.RootElement, "InputIgnored").Single().GetProperty("message").GetString(),
                    Does.StartWith("ConfigMap kube-system/coredns is not one the NodeLocalDns spec reads"));
            });
        }
        finally
        {
            File.Delete(coreDns);
            File.Delete(manifest);
        }
    }

    [TestCase("--local-ip", "169.254.1.1", "spec.localIPs")]
    [TestCase("--kube-proxy-mode", "ipvs", "spec.kubeProxyMode")]
    [TestCase("--upstream-mode", "ResolvConf", "spec.upstream.mode")]
    [TestCase("--cluster-domain", "corp.local", "spec.clusterDomain")]
    public void Render_SpecFlagWithNodeLocalDns_IsAUsageError(string flag, string value, string field)
    {
        var (exit, _, error) = CliRun.InProcess(string.Empty, "render", "-f", Example,
            "--nodelocaldns", TestData.Repo("crds", "samples", "nodelocaldns-default.yaml"), flag, value);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error, Does.Contain($"{flag} cannot be combined with --nodelocaldns: the manifest's {field} is what the operator uses"));
        });
    }

    [TestCase("spec:\n  cache:\n    sucessTTL: 3\n", "spec.cache.sucessTTL: no such field in the NodeLocalDns spec")]
    [TestCase("spec:\n  kubeProxyMode: userspace\n", "kubeProxyMode: not a value the NodeLocalDns type accepts")]
    [TestCase("spec: {}\n---\napiVersion: dns.nodelocal.io/v1alpha1\nkind: NodeLocalDns\nmetadata:\n  name: other\n", "2 NodeLocalDns documents")]
    public void Render_NodeLocalDnsTheOperatorCannotRead_ExitsTwoSayingWhy(string tail, string words)
    {
        var manifest = TempFile("apiVersion: dns.nodelocal.io/v1alpha1\nkind: NodeLocalDns\nmetadata:\n  name: default\n" + tail);
        try
        {
            var (exit, output, error) = CliRun.InProcess(string.Empty, "render", "-f", Example, "--nodelocaldns", manifest, "--upstream-ip", "10.96.0.11");
            Assert.Multiple(() =>
            {
                Assert.That(exit, Is.EqualTo(2));
                Assert.That(output, Is.Empty);
                Assert.That(error, Does.StartWith(manifest).And.Contain(words));
            });
        }
        finally
        {
            File.Delete(manifest);
        }
    }

    [Test]
    public void Render_OutputJson_IsTheFullResultWithTheHashOfTheCorefile()
    {
        var (exit, output, error) = CliRun.InProcess(string.Empty, "render", "-f", Example, "--upstream-ip", "10.96.0.11", "--output", "json");
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var corefile = root.GetProperty("corefile").GetString()!;
        var (_, text, _) = CliRun.InProcess(string.Empty, "render", "-f", Example, "--upstream-ip", "10.96.0.11");
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(0), error);
            Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
            {
                "coreDNSVersion", "clusterDomains", "reverseZones", "rootUpstreams", "upstream", "stubDomains", "zones", "diagnostics",
                "corefile", "configHash",
            }));
            Assert.That(root.GetProperty("coreDNSVersion").GetString(), Is.EqualTo("1.14.4"));
            Assert.That(root.GetProperty("upstream").GetProperty("mode").GetString(), Is.EqualTo("ClusterDNS"));
            Assert.That(root.GetProperty("upstream").GetProperty("servers")[0].GetString(), Is.EqualTo("10.96.0.11"));
            Assert.That(corefile, Is.EqualTo(text), "the JSON holds exactly the Corefile text mode prints");
            Assert.That(root.GetProperty("configHash").GetString(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(corefile)))));
            Assert.That(root.GetProperty("zones").EnumerateArray().Select(z => z.EnumerateObject().Select(p => p.Name)),
                Has.All.EqualTo(new[] { "zone", "route", "servers", "reason", "source" }));
        });
    }

    [Test]
    public void Render_ConfigCoreDnsRefuses_PrintsNoCorefileAndExitsTwo()
    {
        var corefile = Corefiles.Kubeadm("    import custom/*.override") + "bad.corp {\n    forward . <IP>\n}\n";
        var (textExit, text, textError) = CliRun.InProcess(corefile, "render", "-f", "-", "--upstream-ip", "10.96.0.11");
        var (jsonExit, json, _) = CliRun.InProcess(corefile, "render", "-f", "-", "--upstream-ip", "10.96.0.11", "-o", "json");
        using var document = JsonDocument.Parse(json);
        Assert.Multiple(() =>
        {
            Assert.That(textExit, Is.EqualTo(2));
            Assert.That(text, Is.Empty, "a GitOps pipeline must not get a Corefile CoreDNS never ran");
            Assert.That(textError, Does.Contain(
                $"Corefile:{Corefiles.LineOf(corefile, "    forward . <IP>")}:15: CoreDNS 1.14.4 refuses to load this Corefile"));
            Assert.That(textError, Does.Contain("warning: Corefile:"), "warnings still go to stderr in text mode");
            Assert.That(jsonExit, Is.EqualTo(2));
            Assert.That(document.RootElement.GetProperty("corefile").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(document.RootElement.GetProperty("configHash").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }
}
