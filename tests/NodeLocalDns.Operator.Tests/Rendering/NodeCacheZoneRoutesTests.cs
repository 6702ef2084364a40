using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.ClusterDns;
using NodeLocalDns.Operator.Rendering;
using NodeLocalDns.Operator.Tests.Support;

namespace NodeLocalDns.Operator.Tests.Rendering;

/// <summary>Every zone's route, decided as the renderer decides it: each route must match the block the Corefile has for the zone.</summary>
public sealed class NodeCacheZoneRoutesTests
{
    private static readonly ClusterDnsConfig Config = Corefiles.Read(
        Corefiles.Kubeadm("    rewrite name api.corp.example api.default.svc.cluster.local")
        + Corefiles.SomeCorp
        + "dot.corp {\n    forward . tls://1.1.1.1 {\n        tls_servername cloudflare-dns.com\n    }\n}\n");

    private static string Show(IReadOnlyList<ZoneRoute> routes) => string.Join(" | ", routes.Select(r => $"{r.Zone} {r.RouteName} {string.Join(',', r.Servers)}"));

    [Test]
    public void For_DirectRouting_StubsGoToTheirServersEverythingElseToClusterDns()
    {
        var routes = NodeCacheZoneRoutes.For(Config, StubRouting.Direct, UpstreamMode.ClusterDns);
        Assert.Multiple(() =>
        {
            Assert.That(Show(routes), Is.EqualTo(
                "api.corp.example viaClusterDNS  | cluster.local viaClusterDNS  | dot.corp viaClusterDNS  | in-addr.arpa viaClusterDNS  | ip6.arpa viaClusterDNS  | some.corp direct 10.1.2.3,10.4.5.6"));
            Assert.That(routes.Single(r => r.Zone == "dot.corp").Reason, Does.Contain("DNS over TLS"));
            Assert.That(routes.Single(r => r.Zone == "api.corp.example").Reason, Is.EqualTo("CoreDNS rewrites it (exact rewrite); the root block sends it to cluster DNS"));
        });
    }

    [Test]
    public void For_ViaClusterDnsRoutingAndResolvConf_StubsGoThroughCoreDnsAndAnsweredNamesHaveTheirOwnBlock()
    {
        var routes = NodeCacheZoneRoutes.For(Config, StubRouting.ViaClusterDns, UpstreamMode.ResolvConf);
        Assert.Multiple(() =>
        {
            Assert.That(routes.All(r => r.Route == ZoneRouteKind.ViaClusterDns), Is.True);
            Assert.That(routes.Single(r => r.Zone == "some.corp").Reason, Does.Contain("stub domain routing is ViaClusterDNS; CoreDNS forwards it to 10.1.2.3 10.4.5.6"));
            Assert.That(routes.Single(r => r.Zone == "api.corp.example").Reason, Does.EndWith("it has its own block to cluster DNS"));
        });
    }

    [TestCase(StubRouting.Direct, UpstreamMode.ResolvConf)]
    [TestCase(StubRouting.ViaClusterDns, UpstreamMode.Servers)]
    [TestCase(StubRouting.Direct, UpstreamMode.ClusterDns)]
    public void For_EveryRoute_IsTheBlockTheRendererWrites(StubRouting routing, UpstreamMode mode)
    {
        var settings = new NodeCacheSettings { ClusterDnsIp = "10.96.0.10", UpstreamIp = "10.96.0.11", StubRouting = routing, UpstreamMode = mode };
        var document = NodeCacheCorefileRenderer.RenderDocument(Config, settings);
        foreach (var route in NodeCacheZoneRoutes.For(Config, settings))
        {
            var block = document.ServerBlocks.SingleOrDefault(b => b.Keys[0].Value == $"{route.Zone}:53");
            var forward = (block ?? document.ServerBlocks.Single(b => b.Keys[0].Value == ".:53")).DirectivesNamed("forward").Single().ArgValues.Skip(1).ToList();
            Assert.That(forward, Is.EqualTo(route.Route == ZoneRouteKind.Direct ? route.Servers : ["10.96.0.11"]), route.Zone);
        }
    }
}
