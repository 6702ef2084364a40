using NodeLocalDns.Corefile.Zones;

namespace NodeLocalDns.Corefile.Tests.Zones;

public sealed class ZoneAddressTests
{
    [TestCase(".:53", DnsTransport.Dns, ".", 53)]
    [TestCase(".", DnsTransport.Dns, ".", null)]
    [TestCase("dns://.:53", DnsTransport.Dns, ".", 53)]
    [TestCase("Cluster.Local:53", DnsTransport.Dns, "cluster.local.", 53)]
    [TestCase("some.corp.", DnsTransport.Dns, "some.corp.", null)]
    [TestCase("tls://example.org:853", DnsTransport.Tls, "example.org.", 853)]
    [TestCase("https://example.org", DnsTransport.Https, "example.org.", null)]
    [TestCase("grpc://example.org:8443", DnsTransport.Grpc, "example.org.", 8443)]
    [TestCase("quic://example.org", DnsTransport.Quic, "example.org.", null)]
    [TestCase("https3://example.org", DnsTransport.Https3, "example.org.", null)]
    [TestCase("10.0.0.0/8:53", DnsTransport.Dns, "10.in-addr.arpa.", 53)]
    [TestCase("fd00::/8", DnsTransport.Dns, "d.f.ip6.arpa.", null)]
    [TestCase("fd00::/8:1053", DnsTransport.Dns, "d.f.ip6.arpa.", 1053)]
    public void Parse_Key_SplitsTransportZoneAndPort(string key, DnsTransport transport, string zone, int? port)
    {
        var address = ZoneAddress.Parse(key).Single();
        Assert.That(address, Is.EqualTo(new ZoneAddress(transport, zone, port)));
    }

    [TestCase("foo://example.org", "unknown transport")]
    [TestCase("example.org:", "no port follows")]
    [TestCase("example.org:99999", "outside 0-65535")]
    [TestCase("a..b:53", "empty label")]
    [TestCase("10.0.0.0/40", "not a valid CIDR")]
    [TestCase("example.org:abc", "only a port may follow")]
    public void Parse_BadKey_SaysWhy(string key, string words)
    {
        var error = Assert.Throws<FormatException>(() => ZoneAddress.Parse(key));
        Assert.That(error!.Message, Does.Contain(words).And.Contain(key));
    }

    [Test]
    public void Parse_CidrOffBoundary_GivesEveryCoveredZone() =>
        Assert.That(ZoneAddress.Parse("10.0.0.0/15").Select(z => z.Zone), Is.EqualTo(new[] { "0.10.in-addr.arpa.", "1.10.in-addr.arpa." }));

    [TestCase("tls://x.org", 853)]
    [TestCase("https://x.org", 443)]
    [TestCase("x.org", 53)]
    [TestCase("x.org:1053", 1053)]
    public void EffectivePort_DefaultsByTransport(string key, int port) =>
        Assert.That(ZoneAddress.Parse(key)[0].EffectivePort(), Is.EqualTo(port));

    [Test]
    public void ToString_IsCanonicalKey() =>
        Assert.That(ZoneAddress.Parse("TLS://Example.org:853")[0].ToString(), Is.EqualTo("tls://example.org.:853"));
}
