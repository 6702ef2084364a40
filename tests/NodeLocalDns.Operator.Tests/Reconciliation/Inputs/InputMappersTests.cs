using k8s.Models;
using NodeLocalDns.Controllers.Reconcile;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Reconciliation.Children;
using NodeLocalDns.Operator.Reconciliation.Inputs;
using NodeLocalDns.Operator.Tests.Support;

namespace NodeLocalDns.Operator.Tests.Reconciliation.Inputs;

/// <summary>The watch mappers wake a NodeLocalDns for exactly the objects its reconcile reads.</summary>
public sealed class InputMappersTests
{
    private static readonly ObjectKey Default = ObjectKey.Cluster("default");

    private static readonly string[] Children = [ChildNames.NodeLocalDns, ChildNames.KubeDnsUpstream];

    [Test]
    public async Task Mappers_EveryInputTheReconcileReads_WakesItsNodeLocalDns()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Corefiles.Kubeadm());
        var owner = await cluster.CreateNodeLocalDnsAsync(configure: spec =>
        {
            spec.StubDomains.CoreDnsConfigMap = NamespacedName.Of("dns", "coredns-main");
            spec.StubDomains.KubeDnsConfigMap = NamespacedName.Of("dns", "kube-dns-legacy");
            spec.StubDomains.CustomConfigMaps =
            [
                new CustomConfigMapReference { Namespace = "dns", Name = "extra-one" },
                new CustomConfigMapReference { Name = "extra-two" },
            ];
            spec.KubeDnsService = NamespacedName.Of("dns", "cluster-dns");
        });
        cluster.Server.ResetWriteCounts();

        await cluster.ReconcileAsync();

        // What the reconcile read directly (the test cluster's reader has no informer cache), children apart: those
        // map back through their owner reference.
        var reads = cluster.Server.Requests
            .Where(r => r.Verb == "get" && r.Resource is "configmaps" or "services" && !Children.Contains(r.Name))
            .Select(r => (r.Resource, r.Namespace, r.Name))
            .Distinct()
            .ToList();
        var configMaps = InputMappers.ConfigMaps(() => [owner]);
        var services = InputMappers.Services(() => [owner]);
        Assert.Multiple(() =>
        {
            Assert.That(reads.Select(r => $"{r.Resource} {r.Namespace}/{r.Name}"), Is.EquivalentTo(new[]
            {
                "configmaps dns/coredns-main", "configmaps dns/kube-dns-legacy", "configmaps dns/extra-one",
                "configmaps kube-system/extra-two", "services dns/cluster-dns",
            }));
            foreach (var (resource, ns, name) in reads)
            {
                var woken = resource == "configmaps" ? configMaps(ConfigMap(ns!, name!)) : services(Service(ns!, name!));
                Assert.That(woken, Is.EqualTo(new[] { Default }), $"{resource} {ns}/{name}");
            }
        });
    }

    [Test]
    public void Mappers_ObjectsNoSpecReads_WakeNothing()
    {
        var owner = NodeLocalDns();
        var configMaps = InputMappers.ConfigMaps(() => [owner]);
        var services = InputMappers.Services(() => [owner]);

        Assert.Multiple(() =>
        {
            Assert.That(configMaps(ConfigMap("kube-system", "app-config")), Is.Empty);
            Assert.That(configMaps(ConfigMap("other", "coredns")), Is.Empty, "same name, other namespace");
            Assert.That(services(Service("kube-system", "metrics-server")), Is.Empty);
        });
    }

    [Test]
    public void Mappers_AnInputReadByTwo_WakesBoth()
    {
        var first = NodeLocalDns("first");
        var second = NodeLocalDns("second");

        var woken = InputMappers.ConfigMaps(() => [first, second])(ConfigMap("kube-system", "coredns"));

        Assert.That(woken, Is.EquivalentTo(new[] { ObjectKey.Cluster("first"), ObjectKey.Cluster("second") }));
    }

    [TestCase("dns.nodelocal.io/v1alpha1", "NodeLocalDns", true, "default")]
    [TestCase("dns.nodelocal.io/v1", "NodeLocalDns", true, "default")]
    [TestCase("dns.nodelocal.io/v1alpha1", "NodeLocalDns", false, null)]
    [TestCase("apps/v1", "NodeLocalDns", true, null)]
    [TestCase("dns.nodelocal.io/v1alpha1", "Widget", true, null)]
    public void Owner_ControllerReference_WakesOnlyAControllingNodeLocalDns(string apiVersion, string kind, bool controller, string? expected)
    {
        var child = new V1DaemonSet
        {
            Metadata = new V1ObjectMeta
            {
                Name = ChildNames.NodeLocalDns,
                NamespaceProperty = "kube-system",
                OwnerReferences = [new V1OwnerReference { ApiVersion = apiVersion, Kind = kind, Name = "default", Uid = "u", Controller = controller }],
            },
        };

        Assert.That(InputMappers.Owner(child), Is.EqualTo(expected is null ? Array.Empty<ObjectKey>() : [ObjectKey.Cluster(expected)]));
    }

    private static V1Alpha1NodeLocalDns NodeLocalDns(string name = "default") =>
        new() { Metadata = new V1ObjectMeta { Name = name }, Spec = new NodeLocalDnsSpec() };

    private static V1ConfigMap ConfigMap(string ns, string name) => new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } };

    private static V1Service Service(string ns, string name) => new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } };
}
