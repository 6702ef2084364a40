using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Server;
using NodeLocalDns.DnsCache.Tests.Support;

namespace NodeLocalDns.DnsCache.Tests.Server;

/// <summary>Which zone's target a wire name gets: the longest zone that is a suffix at a label boundary, as CoreDNS routes.</summary>
public sealed class RouteTableTests
{
    private static readonly DnsMetrics Metrics = new();

    private static RouteTarget Target(string zone) => new(null!, new ZoneStats(Metrics, "dns://:53", zone));

    private static string? Route(RouteTable table, byte[] name) => table.TryMatch(name, out var target) ? target.Stats.Zone : null;

    private static RouteTable Table(params string[] zones)
    {
        var table = new RouteTable();
        foreach (var zone in zones)
        {
            table.Set(zone, Target(zone));
        }

        return table;
    }

    [Test]
    public void TryMatch_TheLongestZoneAtALabelBoundaryWins()
    {
        var table = Table(".", "cluster.local.", "svc.cluster.local.", "in-addr.arpa.");
        Assert.Multiple(() =>
        {
            Assert.That(Route(table, Wire.Name("kube-dns.kube-system.svc.cluster.local")), Is.EqualTo("svc.cluster.local."));
            Assert.That(Route(table, Wire.Name("pod.cluster.local")), Is.EqualTo("cluster.local."));
            Assert.That(Route(table, Wire.Name("cluster.local")), Is.EqualTo("cluster.local."));
            Assert.That(Route(table, Wire.Name("xcluster.local")), Is.EqualTo("."), "a suffix that does not start at a label is no match");
            Assert.That(Route(table, Wire.Name("10.0.96.10.in-addr.arpa")), Is.EqualTo("in-addr.arpa."));
            Assert.That(Route(table, Wire.Name("example.org")), Is.EqualTo("."));
            Assert.That(Route(table, [0]), Is.EqualTo("."), "the root name itself");
        });
    }

    [Test]
    public void TryMatch_WithoutARootZone_OtherNamesHaveNoTarget()
    {
        var table = Table("example.test.");
        Assert.Multiple(() =>
        {
            Assert.That(Route(table, Wire.Name("a.example.test")), Is.EqualTo("example.test."));
            Assert.That(Route(table, Wire.Name("example.org")), Is.Null);
            Assert.That(Route(table, [0]), Is.Null);
        });
    }

    [Test]
    public void TryMatch_ZonesWithEscapes_MatchTheLabelsTheyStandFor()
    {
        // zz\.example.com. is two labels, "zz.example" and "com" (RFC 1035 §5.1), not a name below example.com.
        var table = Table("example.com.", @"zz\.example.com.", @"\065b.test.");
        byte[] dotted = [10, .. "zz.example"u8, 3, .. "com"u8, 0];
        Assert.Multiple(() =>
        {
            Assert.That(Route(table, dotted), Is.EqualTo(@"zz\.example.com."));
            Assert.That(Route(table, Wire.Name("zz.example.com")), Is.EqualTo("example.com."), "three labels: example.com.'s");
            Assert.That(Route(table, Wire.Name("x.ab.test")), Is.EqualTo(@"\065b.test."), @"\065 is A, folded as the query name is");
        });
    }

    [Test]
    public void Set_AZoneThatIsNotADomainName_IsRefusedNamingIt() =>
        Assert.That(() => Table("a..test."), Throws.TypeOf<FormatException>().With.Message.Contains("'a..test.' is not a domain name"));
}
