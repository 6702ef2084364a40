using k8s;
using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Reconciliation.Children;
using NodeLocalDns.Operator.Reconciliation.Inputs;
using NodeLocalDns.Operator.Tests.Support;

namespace NodeLocalDns.Operator.Tests.Reconciliation.Children;

/// <summary>The desired state, computed without a cluster: what is rendered, and which children are wanted.</summary>
public sealed class DesiredStateTests
{
    private const string KubeDnsIp = "10.96.0.10";
    private const string UpstreamIp = "10.96.0.11";

    [Test]
    public void Compute_NoUpstreamIpAndNothingRunning_WantsOnlyTheServiceAccountAndUpstreamAndWaits()
    {
        var desired = DesiredState.Compute(Inputs(), upstreamIp: null);

        Assert.Multiple(() =>
        {
            Assert.That(desired.Children.ServiceAccount.Metadata.Name, Is.EqualTo(ChildNames.NodeLocalDns));
            Assert.That(desired.Children.UpstreamService.Metadata.Name, Is.EqualTo(ChildNames.KubeDnsUpstream));
            Assert.That(desired.Children.NodeCache, Is.Null, "no Corefile, so no ConfigMap, DaemonSet or metrics Service");
            Assert.That(desired.WaitingForClusterIps, Is.True);
        });
    }

    [Test]
    public void Compute_NoUpstreamIpButACorefileRuns_KeepsIt()
    {
        var desired = DesiredState.Compute(Inputs(runningCorefile: ".:53 {\n}\n"), upstreamIp: null);

        Assert.Multiple(() =>
        {
            Assert.That(desired.Children.NodeCache?.ConfigMap.Data[ChildNames.CorefileKey], Is.EqualTo(".:53 {\n}\n"));
            Assert.That(desired.WaitingForClusterIps, Is.True);
        });
    }

    [Test]
    public void Compute_BothClusterIps_RendersForThemAndBuildsEveryChild()
    {
        var desired = DesiredState.Compute(Inputs(), UpstreamIp);

        var nodeCache = desired.Children.NodeCache!;
        var corefile = nodeCache.ConfigMap.Data[ChildNames.CorefileKey];
        Assert.Multiple(() =>
        {
            Assert.That(corefile, Does.Contain($"forward . {UpstreamIp} {{").And.Contain("some.corp:53 {"));
            Assert.That(nodeCache.ConfigHash, Is.EqualTo(ConfigHash.Of(corefile)));
            Assert.That(nodeCache.DaemonSet.Spec.Template.Metadata.Annotations.Keys,
                Is.EquivalentTo(new[] { "prometheus.io/port", "prometheus.io/scrape" }), "nothing of the Corefile on the pod template");
            Assert.That(nodeCache.MetricsService.Spec.ClusterIP, Is.EqualTo("None"));
            Assert.That(desired.WaitingForClusterIps, Is.False);
            Assert.That(desired.Rendering!.StubDomains.Select(s => s.Zone), Is.EqualTo(new[] { "some.corp" }));
        });
    }

    [Test]
    public void Compute_UnusableSpec_KeepsTheRunningCorefileAndSaysWhy()
    {
        var inputs = Inputs(runningCorefile: ".:53 {\n}\n");
        inputs.Owner.Spec.LocalIps = ["not-an-ip"];

        var desired = DesiredState.Compute(inputs, UpstreamIp);

        Assert.Multiple(() =>
        {
            Assert.That(desired.Children.NodeCache?.ConfigMap.Data[ChildNames.CorefileKey], Is.EqualTo(".:53 {\n}\n"));
            Assert.That(desired.Rendering?.SpecError, Does.Contain("'not-an-ip' is not an IP address"));
        });
    }

    [TestCase(null, new[] { "IPv4" }, "169.254.20.10")]
    [TestCase("fd00::10", new[] { "IPv6" }, "fd00:3456:789a:1::1")]
    [TestCase("10.96.0.10", new[] { "IPv4", "IPv6" }, "169.254.20.10,fd00:3456:789a:1::1")]
    [TestCase("fd00::10", new[] { "IPv6", "IPv4" }, "fd00:3456:789a:1::1,169.254.20.10")]
    [TestCase("fd00::10", null, "fd00:3456:789a:1::1")]
    public void Compute_NoLocalIpsInTheSpec_TakesOnePerIpFamilyOfTheKubeDnsService(string? clusterIp, string[]? families, string expected)
    {
        var inputs = Inputs(clusterIp: clusterIp ?? KubeDnsIp, families: families);

        var desired = DesiredState.Compute(inputs, clusterIp is not null && clusterIp.Contains(':', StringComparison.Ordinal) ? "fd00::11" : UpstreamIp);

        Assert.Multiple(() =>
        {
            Assert.That(string.Join(',', inputs.LocalIps), Is.EqualTo(expected));
            Assert.That(desired.Rendering?.SpecError, Is.Null);
            Assert.That(desired.Children.NodeCache!.DaemonSet.Spec.Template.Spec.Containers[0].Args[1], Does.StartWith(expected));
        });
    }

    [Test]
    public void Compute_IpvsModeWithAnIpv4LocalIpOnAnIpv6Cluster_IsASpecErrorNamingTheAddressToUse()
    {
        var inputs = Inputs(clusterIp: "fd00::10", families: ["IPv6"]);
        inputs.Owner.Spec.KubeProxyMode = KubeProxyMode.Ipvs;
        inputs.Owner.Spec.LocalIps = ["169.254.20.10"];

        var desired = DesiredState.Compute(inputs, "fd00::11");

        Assert.That(desired.Rendering?.SpecError, Does.Contain(
            "in ipvs mode pods ask the local IP directly, and the kube-dns Service is IPv6 (fd00::10): " +
            "list an IPv6 local IP such as fd00:3456:789a:1::1"));
    }

    [Test]
    public void Compute_DualStackKubeDns_UpstreamServiceHasItsIpFamilies()
    {
        var inputs = Inputs(families: ["IPv6", "IPv4"]);
        inputs.KubeDnsService!.Spec.IpFamilyPolicy = "PreferDualStack";

        var upstream = DesiredState.Compute(inputs, UpstreamIp).Children.UpstreamService.Spec;

        Assert.Multiple(() =>
        {
            Assert.That(upstream.IpFamilyPolicy, Is.EqualTo("PreferDualStack"));
            Assert.That(upstream.IpFamilies, Is.EqualTo(new[] { "IPv6", "IPv4" }));
        });
    }

    [Test]
    public void Compute_DefaultMetricsAddress_ListensOnTheNodeIpFromTheDownwardApi()
    {
        var nodeCache = DesiredState.Compute(Inputs(), UpstreamIp).Children.NodeCache!;

        var corefile = nodeCache.ConfigMap.Data[ChildNames.CorefileKey];
        var nodeIp = nodeCache.DaemonSet.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "NODE_IP");
        Assert.Multiple(() =>
        {
            Assert.That(corefile, Does.Contain("prometheus {$NODE_IP}:9253"));
            Assert.That(corefile, Does.Not.Contain("prometheus :9253"), "not every host address (kubernetes/dns#542)");
            Assert.That(nodeIp.ValueFrom.FieldRef.FieldPath, Is.EqualTo("status.hostIP"));
        });
    }

    [Test]
    public void Compute_SameInputs_SameObjects()
    {
        var inputs = Inputs();

        var first = DesiredState.Compute(inputs, UpstreamIp).Children.NodeCache!;
        var second = DesiredState.Compute(inputs, UpstreamIp).Children.NodeCache!;

        Assert.That(KubernetesJson.Serialize(second.DaemonSet), Is.EqualTo(KubernetesJson.Serialize(first.DaemonSet)));
    }

    private static ReconcileInputs Inputs(string? runningCorefile = null, string clusterIp = KubeDnsIp, string[]? families = null) => new()
    {
        Owner = new V1Alpha1NodeLocalDns { Metadata = new V1ObjectMeta { Name = "default", Uid = "uid-1" }, Spec = new NodeLocalDnsSpec() },
        KubeDnsService = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "kube-dns", NamespaceProperty = "kube-system" },
            Spec = new V1ServiceSpec { ClusterIP = clusterIp, IpFamilies = families },
        },
        ClusterDns = Corefiles.Read(Corefiles.Kubeadm() + Corefiles.SomeCorp),
        Live = new LiveChildren(
            null,
            null,
            runningCorefile is null
                ? null
                : new V1ConfigMap { Data = new Dictionary<string, string> { [ChildNames.CorefileKey] = runningCorefile } },
            null,
            null),
    };
}
