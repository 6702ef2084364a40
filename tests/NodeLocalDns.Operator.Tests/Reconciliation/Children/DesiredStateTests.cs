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
            Assert.That(nodeCache.DaemonSet.Spec.Template.Metadata.Annotations.Keys, Is.EquivalentTo(new[] { "prometheus.io/port", "prometheus.io/scrape" }), "nothing of the Corefile on the pod template");
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

    [Test]
    public void Compute_SameInputs_SameObjects()
    {
        var inputs = Inputs();

        var first = DesiredState.Compute(inputs, UpstreamIp).Children.NodeCache!;
        var second = DesiredState.Compute(inputs, UpstreamIp).Children.NodeCache!;

        Assert.That(KubernetesJson.Serialize(second.DaemonSet), Is.EqualTo(KubernetesJson.Serialize(first.DaemonSet)));
    }

    private static ReconcileInputs Inputs(string? runningCorefile = null) => new()
    {
        Owner = new V1Alpha1NodeLocalDns { Metadata = new V1ObjectMeta { Name = "default", Uid = "uid-1" }, Spec = new NodeLocalDnsSpec() },
        KubeDnsService = new V1Service { Metadata = new V1ObjectMeta { Name = "kube-dns", NamespaceProperty = "kube-system" }, Spec = new V1ServiceSpec { ClusterIP = KubeDnsIp } },
        ClusterDns = Corefiles.Read(Corefiles.Kubeadm() + Corefiles.SomeCorp),
        Live = new LiveChildren(null, null, runningCorefile is null ? null : new V1ConfigMap { Data = new Dictionary<string, string> { [ChildNames.CorefileKey] = runningCorefile } }, null, null),
    };
}
