using NodeLocalDns.Operator.ClusterDns;

namespace NodeLocalDns.Operator.Tests.ClusterDns;

public sealed class UpstreamAddressTests
{
    [TestCase("10.1.2.3", "10.1.2.3")]
    [TestCase("10.1.2.3:5353", "10.1.2.3:5353")]
    [TestCase("dns://10.1.2.3", "10.1.2.3")]
    [TestCase("DNS://10.1.2.3:53", "10.1.2.3:53")]
    [TestCase("tls://1.1.1.1", "tls://1.1.1.1")]
    [TestCase("[fd00::1]:53", "[fd00::1]:53")]
    [TestCase("fd00::1", "fd00::1")]
    [TestCase("/etc/resolv.conf", "/etc/resolv.conf")]
    public void TryNormalize_Usable(string input, string expected)
    {
        Assert.That(UpstreamAddress.TryNormalize(input, out var normalized, out var problem), Is.True, problem);
        Assert.That(normalized, Is.EqualTo(expected));
    }

    [TestCase("dns.google")]
    [TestCase("10.1")]
    [TestCase("10.1.2.3:0")]
    [TestCase("10.1.2.3:abc")]
    [TestCase("[fd00::1")]
    [TestCase("grpc://10.1.2.3")]
    [TestCase("__PILLAR__CLUSTER__DNS__")]
    [TestCase("<DNS_SERVER_IP>")]
    [TestCase("fe80::1%eth0")]
    [TestCase("")]
    public void TryNormalize_Unusable_SaysWhy(string input)
    {
        Assert.That(UpstreamAddress.TryNormalize(input, out _, out var problem), Is.False);
        Assert.That(problem, Is.Not.Empty);
    }
}
