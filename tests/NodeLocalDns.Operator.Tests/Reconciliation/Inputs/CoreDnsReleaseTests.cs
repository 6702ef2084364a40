using k8s.Models;
using NodeLocalDns.Operator.ClusterDns;
using NodeLocalDns.Operator.Reconciliation.Inputs;

namespace NodeLocalDns.Operator.Tests.Reconciliation.Inputs;

public sealed class CoreDnsReleaseTests
{
    private static readonly V1Service KubeDns = new()
    {
        Metadata = new V1ObjectMeta { Name = "kube-dns", NamespaceProperty = "kube-system" },
        Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["k8s-app"] = "kube-dns" } },
    };

    private static V1Deployment Deployment(string name, string image, string app = "kube-dns") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "kube-system" },
        Spec = new V1DeploymentSpec
        {
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["k8s-app"] = app } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = image }] },
            },
        },
    };

    [Test]
    public void From_DeploymentNamedCoreDns_WinsOverOthers()
    {
        var (version, reason) = CoreDnsRelease.From(KubeDns, [Deployment("metrics-server", "registry.k8s.io/metrics-server:v0.7.1", "metrics"), Deployment("coredns", "registry.k8s.io/coredns/coredns:v1.10.1")], "kube-system");
        Assert.Multiple(() =>
        {
            Assert.That(version, Is.EqualTo(new CoreDnsVersion(1, 10, 1)));
            Assert.That(reason, Is.EqualTo("the image registry.k8s.io/coredns/coredns:v1.10.1 of Deployment kube-system/coredns"));
        });
    }

    [Test]
    public void From_KubeDnsDeployment_IsNotACoreDnsRelease()
    {
        // GKE's kube-dns: the Deployment behind the Service runs kube-dns, whose tag is no CoreDNS release.
        var (version, reason) = CoreDnsRelease.From(KubeDns, [Deployment("kube-dns", "gke.gcr.io/k8s-dns-kube-dns:1.22.20-gke.1")], "kube-system");
        Assert.Multiple(() =>
        {
            Assert.That(version, Is.EqualTo(CoreDnsVersion.Newest));
            Assert.That(reason, Does.StartWith("Deployment kube-system/kube-dns runs gke.gcr.io/k8s-dns-kube-dns:1.22.20-gke.1, whose tag names no CoreDNS release"));
        });
    }

    [Test]
    public void From_ReleaseNewerThanKnown_IsUsedAndSaysSo()
    {
        var (version, reason) = CoreDnsRelease.From(KubeDns, [Deployment("coredns", "coredns/coredns:1.15.0")], "kube-system");
        Assert.Multiple(() =>
        {
            Assert.That(version, Is.EqualTo(new CoreDnsVersion(1, 15, 0)));
            Assert.That(reason, Does.Contain("newer than the newest known here (1.14.4)"));
        });
    }
}
