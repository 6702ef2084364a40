using NodeLocalDns.Corefile.Zones;

namespace NodeLocalDns.Corefile.Tests.Zones;

public sealed class ZoneNamesTests
{
    [TestCase("Example.ORG", "example.org.")]
    [TestCase("example.org.", "example.org.")]
    [TestCase(".", ".")]
    [TestCase("", ".")]
    [TestCase("  cluster.local ", "cluster.local.")]
    public void Normalize_Valid_IsLowerCaseFqdn(string input, string expected) =>
        Assert.That(ZoneNames.Normalize(input), Is.EqualTo(expected));

    [TestCase("a..b", "empty label")]
    [TestCase("x y.org", "character")]
    [TestCase("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.org", "longer than 63")]
    public void Normalize_Invalid_SaysWhy(string input, string words)
    {
        var error = Assert.Throws<FormatException>(() => ZoneNames.Normalize(input));
        Assert.That(error!.Message, Does.Contain(words));
    }

    [Test]
    public void Normalize_NameOver255Octets_IsRejected()
    {
        var name = string.Join('.', Enumerable.Repeat(new string('a', 60), 5));
        Assert.That(ZoneNames.TryNormalize(name, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("255"));
    }

    [TestCase("Some.Corp.", "some.corp")]
    [TestCase(".", ".")]
    public void ToDisplay_DropsTrailingDot(string input, string expected) =>
        Assert.That(ZoneNames.ToDisplay(input), Is.EqualTo(expected));

    [TestCase("a.b.example.org", "example.org", true)]
    [TestCase("EXAMPLE.org.", "example.ORG", true)]
    [TestCase("badexample.org", "example.org", false)]
    [TestCase("anything", ".", true)]
    public void IsInZone_LabelBoundaries(string name, string zone, bool expected) =>
        Assert.That(ZoneNames.IsInZone(name, zone), Is.EqualTo(expected));

    [TestCase("10.0.0.0/8", new[] { "10.in-addr.arpa." })]
    [TestCase(
        "172.16.0.0/12",
        new[]
        {
            "16.172.in-addr.arpa.", "17.172.in-addr.arpa.", "18.172.in-addr.arpa.", "19.172.in-addr.arpa.",
            "20.172.in-addr.arpa.", "21.172.in-addr.arpa.", "22.172.in-addr.arpa.", "23.172.in-addr.arpa.",
            "24.172.in-addr.arpa.", "25.172.in-addr.arpa.", "26.172.in-addr.arpa.", "27.172.in-addr.arpa.",
            "28.172.in-addr.arpa.", "29.172.in-addr.arpa.", "30.172.in-addr.arpa.", "31.172.in-addr.arpa.",
        })]
    [TestCase("192.168.1.0/24", new[] { "1.168.192.in-addr.arpa." })]
    [TestCase("0.0.0.0/0", new[] { "in-addr.arpa." })]
    [TestCase("fd00::/8", new[] { "d.f.ip6.arpa." })]
    [TestCase("2001:db8::/32", new[] { "8.b.d.0.1.0.0.2.ip6.arpa." })]
    [TestCase("fd00::/7", new[] { "c.f.ip6.arpa.", "d.f.ip6.arpa." })]
    public void TryReverseZones_Cidr_GivesZonesAtTheNextBoundary(string cidr, string[] expected)
    {
        Assert.That(ZoneNames.TryReverseZones(cidr, out var zones), Is.True);
        Assert.That(zones, Is.EqualTo(expected));
    }

    [TestCase("10.0.0.0")]
    [TestCase("10.0.0.0/33")]
    [TestCase("nope/8")]
    public void TryReverseZones_NotACidr_IsFalse(string input) =>
        Assert.That(ZoneNames.TryReverseZones(input, out _), Is.False);
}
