using NodeLocalDns.Operator.ClusterDns;

namespace NodeLocalDns.Operator.Tests.ClusterDns;

public sealed class CoreDnsVersionTests
{
    // Image references as the distributions ship CoreDNS.
    [TestCase("registry.k8s.io/coredns/coredns:v1.11.1", "1.11.1")]
    [TestCase("602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/coredns:v1.8.7-eksbuild.3", "1.8.7")]
    [TestCase("mcr.microsoft.com/oss/kubernetes/coredns:v1.9.4-hotfix.20230228", "1.9.4")]
    [TestCase("rancher/mirrored-coredns-coredns:1.10.1", "1.10.1")]
    [TestCase("docker.io/rancher/hardened-coredns:v1.11.1-build20240305", "1.11.1")]
    [TestCase("k8s.gcr.io/coredns:1.6.2", "1.6.2")]
    [TestCase("localhost:5000/coredns/coredns:1.12.0@sha256:0123456789abcdef", "1.12.0")]
    public void TryFromImage_CoreDnsImage_GivesItsRelease(string image, string expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(CoreDnsVersion.TryFromImage(image, out var version), Is.True);
            Assert.That(version!.ToString(), Is.EqualTo(expected));
        });
    }

    [TestCase("registry.k8s.io/dns/k8s-dns-kube-dns:1.22.20", TestName = "TryFromImage_KubeDnsImage_SaysNothing")]
    [TestCase("registry.k8s.io/coredns/coredns@sha256:a0ead06651cf580044aeb0a0feba63591858fb2e43ade8c9dea45a6a89ae7e5e", TestName = "TryFromImage_DigestOnly_SaysNothing")]
    [TestCase("localhost:5000/coredns", TestName = "TryFromImage_NoTag_SaysNothing")]
    [TestCase("registry.k8s.io/coredns/coredns:latest", TestName = "TryFromImage_LatestTag_SaysNothing")]
    public void TryFromImage_NoCoreDnsRelease_IsFalse(string image) =>
        Assert.That(CoreDnsVersion.TryFromImage(image, out _), Is.False);

    [Test]
    public void Compare_OrdersByMajorMinorPatch()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new CoreDnsVersion(1, 9, 4) > new CoreDnsVersion(1, 9, 3), Is.True);
            Assert.That(new CoreDnsVersion(1, 10, 0) > new CoreDnsVersion(1, 9, 4), Is.True);
            Assert.That(new CoreDnsVersion(1, 14, 4).AtLeast(CoreDnsVersion.ForwardHostNames), Is.True);
            Assert.That(new CoreDnsVersion(1, 14, 3).AtLeast(CoreDnsVersion.ForwardHostNames), Is.False);
        });
    }
}
