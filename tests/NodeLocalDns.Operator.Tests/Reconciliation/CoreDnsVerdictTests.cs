using System.Text.Json;
using k8s;
using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Tests.Support;

namespace NodeLocalDns.Operator.Tests.Reconciliation;

/// <summary>
/// The reconciler judges the cluster's DNS config as the CoreDNS release it runs would (read from the image of its
/// Deployment): what that CoreDNS refuses takes the path of a Corefile that does not parse (ConfigValid=False, the last
/// good node-cache config kept), every zone's route is in the status, and the CLI's preview of the same spec is byte for
/// byte what the operator writes.
/// </summary>
public sealed class CoreDnsVerdictTests
{
    private static string Seed => Corefiles.Kubeadm() + Corefiles.SomeCorp;

    private static V1Condition ConfigValid(V1Alpha1NodeLocalDns nld) => nld.Status!.Conditions.Single(c => c.Type == ConditionTypes.ConfigValid);

    private static async Task<string> NodeCacheCorefileAsync(OperatorTestCluster cluster) =>
        (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("node-local-dns", "kube-system")).Data["Corefile"];

    private static Task<V1Deployment> CreateDeploymentAsync(OperatorTestCluster cluster, string name, string image) =>
        cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "kube-system" },
            Spec = new V1DeploymentSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["k8s-app"] = "kube-dns" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["k8s-app"] = "kube-dns" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "coredns", Image = image }] },
                },
            },
        }, "kube-system");

    [Test]
    public async Task Reconcile_CorefileCoreDnsRefuses_IsConfigInvalidAndKeepsTheLastGoodConfig()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();
        var good = await NodeCacheCorefileAsync(cluster);

        // Redacted upstreams in a block CoreDNS answers itself: routed through cluster DNS, so nobody read them before.
        var refused = Seed + "lab.corp {\n    hosts {\n        10.0.0.7 git.lab.corp\n    }\n    forward . x.x.x.x\n}\n";
        await cluster.SetCorefileAsync(refused);
        await cluster.ReconcileAsync();

        var nld = await cluster.GetNodeLocalDnsAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(await NodeCacheCorefileAsync(cluster), Is.EqualTo(good), "CoreDNS keeps running its previous config, and so does the node cache");
            Assert.That(ConfigValid(nld).Status, Is.EqualTo("False"));
            Assert.That(ConfigValid(nld).Reason, Is.EqualTo(ConditionReasons.InvalidClusterDnsConfig));
            Assert.That(ConfigValid(nld).Message, Does.StartWith(
                $"kube-system/coredns: Corefile:{Corefiles.LineOf(refused, "    forward . x.x.x.x")}:15: CoreDNS 1.14.4 refuses to load this Corefile: \"plugin/forward: failed to resolve \"x.x.x.x\"\""));
            Assert.That(nld.Status!.Zones.Select(z => z.Zone), Does.Not.Contain("lab.corp"), "the status shows the config in use");
        });
    }

    [Test]
    public async Task Reconcile_CoreDnsDeploymentImage_DecidesTheVerdict()
    {
        // Corefiles of the time still carried "upstream", which CoreDNS 1.7.0 removed (kubeadm's max_concurrent needs 1.6.9).
        var withUpstream = Corefiles.Kubeadm().Replace("ttl 30", "ttl 30\n       upstream", StringComparison.Ordinal) + Corefiles.SomeCorp;
        await using var cluster = await OperatorTestCluster.StartAsync(withUpstream);
        var deployment = await CreateDeploymentAsync(cluster, "coredns", "k8s.gcr.io/coredns:1.6.9");
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();
        var then = await cluster.GetNodeLocalDnsAsync();
        var corefile = await NodeCacheCorefileAsync(cluster);

        deployment.Spec.Template.Spec.Containers[0].Image = "602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/coredns:v1.8.7-eksbuild.3";
        await cluster.Client.AppsV1.ReplaceNamespacedDeploymentAsync(deployment, "coredns", "kube-system");
        await cluster.ReconcileAsync();
        var now = await cluster.GetNodeLocalDnsAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(ConfigValid(then).Status, Is.EqualTo("True"));
            Assert.That(then.Status!.CoreDnsVersion, Is.EqualTo("1.6.9 (the image k8s.gcr.io/coredns:1.6.9 of Deployment kube-system/coredns)"));
            Assert.That(corefile, Does.Contain("some.corp:53 {"));
            Assert.That(ConfigValid(now).Status, Is.EqualTo("False"));
            Assert.That(ConfigValid(now).Message, Does.Contain("CoreDNS 1.8.7 refuses to load this Corefile: \"plugin/kubernetes: unknown property 'upstream'\"").And.Contain("removed in CoreDNS 1.7.0"));
            Assert.That(now.Status!.CoreDnsVersion, Does.StartWith("1.8.7 "));
            Assert.That(await NodeCacheCorefileAsync(cluster), Is.EqualTo(corefile));
        });
    }

    [Test]
    public async Task Reconcile_DeploymentBehindTheKubeDnsService_GivesTheRelease()
    {
        // RKE2's CoreDNS Deployment is not named coredns; the kube-dns Service's selector finds it.
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await CreateDeploymentAsync(cluster, "rke2-coredns-rke2-coredns", "rancher/hardened-coredns:v1.11.1-build20240305");
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();

        Assert.That((await cluster.GetNodeLocalDnsAsync()).Status!.CoreDnsVersion,
            Is.EqualTo("1.11.1 (the image rancher/hardened-coredns:v1.11.1-build20240305 of Deployment kube-system/rke2-coredns-rke2-coredns)"));
    }

    [Test]
    public async Task Reconcile_NoCoreDnsDeployment_AssumesTheNewestAndSaysWhy()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();

        Assert.That((await cluster.GetNodeLocalDnsAsync()).Status!.CoreDnsVersion,
            Does.StartWith("1.14.4 (no CoreDNS Deployment was found (kube-system/coredns, or one whose pods the kube-dns Service selects)"));
    }

    [Test]
    public async Task Reconcile_Status_ListsEveryZoneWithItsRoute()
    {
        var corefile = Corefiles.Kubeadm("    hosts {\n        10.0.0.5 registry.lab\n        fallthrough\n    }") + Corefiles.SomeCorp;
        await using var cluster = await OperatorTestCluster.StartAsync(corefile);
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();

        var status = (await cluster.GetNodeLocalDnsAsync()).Status!;
        Assert.Multiple(() =>
        {
            Assert.That(status.Zones.Select(z => $"{z.Zone} {z.Route} {string.Join(',', z.Servers)}"), Is.EqualTo(new[]
            {
                "cluster.local viaClusterDNS ", "in-addr.arpa viaClusterDNS ", "ip6.arpa viaClusterDNS ", "registry.lab viaClusterDNS ", "some.corp direct 10.1.2.3,10.4.5.6",
            }));
            Assert.That(status.ZoneCount, Is.EqualTo(5));
            var registry = status.Zones.Single(z => z.Zone == "registry.lab");
            Assert.That(registry.Reason, Is.EqualTo("a hosts entry in CoreDNS; the root block sends it to cluster DNS"));
            Assert.That(registry.Source, Is.EqualTo($"Corefile:{Corefiles.LineOf(corefile, "    hosts {")}"));
        });
    }

    [Test]
    public async Task Reconcile_ImportFromAConfigMapTheSpecDoesNotName_WarnsNamingTheSpecField()
    {
        // coredns-custom (named by the default spec) does not exist, as on a fresh k3s: nothing is lost there. The
        // extra/ directory is mounted from a ConfigMap the spec does not name: its stub domains would be lost.
        var corefile = Corefiles.Kubeadm("    import custom/*.override") + "import custom/*.server\nimport extra/*.server\n";
        await using var cluster = await OperatorTestCluster.StartAsync(corefile);
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();

        var status = (await cluster.GetNodeLocalDnsAsync()).Status!;
        Assert.Multiple(() =>
        {
            Assert.That(status.Warnings, Has.Count.EqualTo(1));
            Assert.That(status.Warnings[0], Does.StartWith($"Corefile:{Corefiles.LineOf(corefile, "import extra")}: no file matches the import pattern 'extra/*.server'")
                .And.Contain("add the ConfigMap CoreDNS mounts at /etc/coredns/extra to spec.stubDomains.customConfigMaps, with mountPath /etc/coredns/extra"));
            Assert.That(ConfigValid(new V1Alpha1NodeLocalDns { Status = status }).Status, Is.EqualTo("True"));
        });
    }

    [Test]
    public async Task Reconcile_CoreDnsConfigMapTheSpecNamesIsMissing_IsConfigInvalidNamingTheField()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync(configure: spec => spec.StubDomains.CoreDnsConfigMap = NamespacedName.Of("kube-system", "rke2-coredns-rke2-coredns"));
        await cluster.ReconcileAsync();

        var nld = await cluster.GetNodeLocalDnsAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(ConfigValid(nld).Status, Is.EqualTo("False"));
            Assert.That(ConfigValid(nld).Message, Does.StartWith("inputs: no Corefile was found")
                .And.Contain("ConfigMap kube-system/rke2-coredns-rke2-coredns named by spec.stubDomains.coreDNSConfigMap does not exist"));
            Assert.That(await NodeCacheCorefileAsync(cluster), Does.Contain("cluster.local:53 {"), "with nothing better, the cluster domain is served");
        });
    }

    [Test]
    public async Task Preview_RenderWithTheSameSpec_IsExactlyWhatTheOperatorWrote()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await CreateDeploymentAsync(cluster, "coredns", "registry.k8s.io/coredns/coredns:v1.11.3");
        var owner = await cluster.CreateNodeLocalDnsAsync(configure: spec =>
        {
            spec.LocalIps = ["169.254.25.10"];
            spec.StubDomains.Routing = StubRouting.ViaClusterDns;
            spec.StubDomains.ExtraZones = [new ExtraZone { Zone = "corp.example", Servers = ["10.20.0.53"] }];
            spec.Upstream = new UpstreamSpec { Mode = UpstreamMode.ResolvConf, ForceTcp = true };
            spec.Cache = new CacheSpec { DefaultTtl = 45, Prefetch = new PrefetchSpec { Amount = 5 }, ServeStale = new ServeStaleSpec { Duration = "30m", Verify = true } };
            spec.Ports = new PortsSpec { Dns = 53, Health = 8090, Ready = 8191, Metrics = 9300 };
        });
        await cluster.ReconcileAsync();
        var written = await NodeCacheCorefileAsync(cluster);
        var status = (await cluster.GetNodeLocalDnsAsync()).Status!;
        var upstreamIp = (await cluster.Client.CoreV1.ReadNamespacedServiceAsync("kube-dns-upstream", "kube-system")).Spec.ClusterIP;

        var directory = Directory.CreateTempSubdirectory("preview-").FullName;
        try
        {
            var configMap = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("coredns", "kube-system");
            var coreDns = Path.Combine(directory, "coredns.yaml");
            var manifest = Path.Combine(directory, "nld.yaml");
            await File.WriteAllTextAsync(coreDns, KubernetesYaml.Serialize(configMap));
            await File.WriteAllTextAsync(manifest, KubernetesJson.Serialize(new V1Alpha1NodeLocalDns { Metadata = new V1ObjectMeta { Name = "default" }, Spec = owner.Spec }));

            var (exit, output, error) = CliRun.InProcess(string.Empty, "render", "-f", coreDns, "--nodelocaldns", manifest,
                "--cluster-dns-ip", OperatorTestCluster.KubeDnsIp, "--upstream-ip", upstreamIp, "--coredns-version", "1.11.3", "-o", "json");
            using var json = JsonDocument.Parse(output);
            var root = json.RootElement;
            Assert.Multiple(() =>
            {
                Assert.That(exit, Is.EqualTo(0), error);
                Assert.That(root.GetProperty("corefile").GetString(), Is.EqualTo(written));
                Assert.That(root.GetProperty("configHash").GetString(), Is.EqualTo(status.ConfigHash));
                Assert.That(root.GetProperty("zones").EnumerateArray().Select(z => $"{z.GetProperty("zone").GetString()} {z.GetProperty("route").GetString()} {z.GetProperty("reason").GetString()} {z.GetProperty("source").GetString()}"),
                    Is.EqualTo(status.Zones.Select(z => $"{z.Zone} {z.Route} {z.Reason} {z.Source}")));
                Assert.That(written, Does.Contain("serve_stale 30m verify").And.Contain("prefetch 5 1m 10%"));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
