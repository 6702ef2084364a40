using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Corefile.Writing;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.ClusterDns;
using NodeLocalDns.Operator.Rendering;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Rendering;

public sealed class NodeCacheCorefileRendererTests
{
    private const string KubeDnsIp = "10.96.0.10";
    private const string UpstreamIp = "10.96.0.11";

    private static readonly NodeCacheSettings Settings = new() { ClusterDnsIp = KubeDnsIp, UpstreamIp = UpstreamIp };

    private static ClusterDnsConfig Seed => Corefiles.Read(Corefiles.Kubeadm() + Corefiles.SomeCorp);

    private static string StockTemplate => File.ReadAllText(TestData.Shared("corefiles", "kubernetes-nodelocaldns-addon.Corefile"));

    [Test]
    public void Seed_StockTemplate_SendsTheStubDomainToResolvConf()
    {
        // What the stock addon does: substitute the pillars, never look at CoreDNS's Corefile.
        var stock = PillarTemplateRenderer.Render(StockTemplate, Seed with { StubDomains = [] }, Settings with { UpstreamMode = UpstreamMode.ResolvConf });
        Assert.That(DaemonRouting.Route(stock, "db.some.corp."), Is.EqualTo((".", "/etc/resolv.conf")));
    }

    [Test]
    public void Seed_Direct_SendsTheStubDomainToItsOwnServers()
    {
        var corefile = NodeCacheCorefileRenderer.Render(Seed, Settings);
        Assert.Multiple(() =>
        {
            Assert.That(DaemonRouting.Route(corefile, "db.some.corp."), Is.EqualTo(("some.corp", "10.1.2.3:53 10.4.5.6:53")));
            Assert.That(DaemonRouting.Route(corefile, "web.default.svc.cluster.local."), Is.EqualTo(("cluster.local", $"{UpstreamIp}:53")));
            Assert.That(DaemonRouting.Route(corefile, "10.0.96.10.in-addr.arpa."), Is.EqualTo(("in-addr.arpa", $"{UpstreamIp}:53")));
            Assert.That(DaemonRouting.Route(corefile, "example.com."), Is.EqualTo((".", $"{UpstreamIp}:53")));
        });
    }

    [Test]
    public void Seed_ViaClusterDns_SendsTheStubDomainToKubeDnsUpstream()
    {
        var corefile = NodeCacheCorefileRenderer.Render(Seed, Settings with { StubRouting = StubRouting.ViaClusterDns });
        Assert.That(DaemonRouting.Route(corefile, "db.some.corp."), Is.EqualTo(("some.corp", $"{UpstreamIp}:53")));
    }

    [Test]
    public void Seed_PillarTemplateWithStubs_KeepsTheStubDomain()
    {
        var corefile = PillarTemplateRenderer.Render(StockTemplate, Seed, Settings with { UpstreamMode = UpstreamMode.ResolvConf });
        Assert.Multiple(() =>
        {
            Assert.That(corefile, Does.Not.Contain("__PILLAR__"));
            Assert.That(DaemonRouting.Route(corefile, "db.some.corp."), Is.EqualTo(("some.corp", "10.1.2.3:53 10.4.5.6:53")));
            Assert.That(DaemonRouting.Route(corefile, "example.com."), Is.EqualTo((".", "/etc/resolv.conf")));
        });
    }

    [Test]
    public void Render_SeedScenario_IsTheAddonShapeWithEveryPlaceholderFilled()
    {
        Golden.AssertMatches("tests/NodeLocalDns.Operator.Tests/Rendering/golden/seed-direct.Corefile", NodeCacheCorefileRenderer.Render(Seed, Settings));
    }

    [TestCase(UpstreamMode.ClusterDns, UpstreamIp + ":53")]
    [TestCase(UpstreamMode.ResolvConf, "/etc/resolv.conf")]
    public void Render_UpstreamMode_DecidesTheRootBlock(UpstreamMode mode, string target)
    {
        var corefile = NodeCacheCorefileRenderer.Render(Seed, Settings with { UpstreamMode = mode });
        Assert.That(DaemonRouting.Route(corefile, "example.com."), Is.EqualTo((".", target)));
    }

    [Test]
    public void Render_ServersMode_UsesTheGivenServersOrCoreDnsRootUpstreams()
    {
        var coreDnsRoot = Corefiles.Read(".:53 {\n kubernetes cluster.local\n forward . 8.8.8.8 8.8.4.4\n}");
        Assert.Multiple(() =>
        {
            Assert.That(DaemonRouting.Route(NodeCacheCorefileRenderer.Render(coreDnsRoot, Settings with { UpstreamMode = UpstreamMode.Servers }), "a.com."),
                Is.EqualTo((".", "8.8.8.8:53 8.8.4.4:53")));
            Assert.That(
                DaemonRouting.Route(
                    NodeCacheCorefileRenderer.Render(coreDnsRoot, Settings with { UpstreamMode = UpstreamMode.Servers, UpstreamServers = ["9.9.9.9"] }),
                    "a.com."),
                Is.EqualTo((".", "9.9.9.9:53")));
        });
    }

    [Test]
    public void Render_ResolvConfMode_RoutesNamesCoreDnsAnswersItselfToClusterDns()
    {
        var config = Corefiles.Read(Corefiles.Kubeadm("    hosts {\n        10.0.0.5 registry.lab\n        fallthrough\n    }"));
        var resolvConf = NodeCacheCorefileRenderer.Render(config, Settings with { UpstreamMode = UpstreamMode.ResolvConf });
        var clusterDns = NodeCacheCorefileRenderer.Render(config, Settings);
        Assert.Multiple(() =>
        {
            Assert.That(DaemonRouting.Route(resolvConf, "registry.lab."), Is.EqualTo(("registry.lab", $"{UpstreamIp}:53")));
            Assert.That(clusterDns, Does.Not.Contain("registry.lab"), "redundant when everything goes through CoreDNS");
        });
    }

    [TestCase(KubeProxyMode.Iptables, "bind 169.254.20.10 10.96.0.10")]
    [TestCase(KubeProxyMode.Ipvs, "bind 169.254.20.10\n")]
    [TestCase(KubeProxyMode.Nftables, "bind 169.254.20.10 10.96.0.10")]
    public void Render_KubeProxyMode_DecidesTheBoundAddresses(KubeProxyMode mode, string bind)
    {
        var corefile = NodeCacheCorefileRenderer.Render(Seed, Settings with { KubeProxyMode = mode });
        Assert.That(corefile.Split('\n').Count(l => l.Trim().StartsWith("bind ", StringComparison.Ordinal)), Is.EqualTo(5));
        Assert.That(corefile, Does.Contain(bind));
    }

    [TestCase(MetricsAddress.NodeIp, "10.96.0.10", "169.254.20.10", "prometheus {$NODE_IP}:9253")]
    [TestCase(MetricsAddress.NodeIp, "fd00::10", "fd00:3456:789a:1::1", "prometheus [{$NODE_IP}]:9253")]
    [TestCase(MetricsAddress.LocalIp, "10.96.0.10", "169.254.20.10", "prometheus 169.254.20.10:9253")]
    [TestCase(MetricsAddress.LocalIp, "fd00::10", "fd00:3456:789a:1::1", "prometheus [fd00:3456:789a:1::1]:9253")]
    [TestCase(MetricsAddress.AllAddresses, "10.96.0.10", "169.254.20.10", "prometheus :9253")]
    public void Render_MetricsAddress_BindsThePrometheusListenerThereAndTheDaemonLoadsIt(
        MetricsAddress address, string kubeDns, string localIp, string expected)
    {
        var settings = Settings with
        {
            ClusterDnsIp = kubeDns,
            UpstreamIp = kubeDns.Contains(':', StringComparison.Ordinal) ? "fd00::11" : UpstreamIp,
            LocalIps = [localIp],
            MetricsHost = NodeCacheSettings.MetricsHostFor(address, [localIp], kubeDns),
        };

        var corefile = NodeCacheCorefileRenderer.Render(Seed, settings);

        Assert.Multiple(() =>
        {
            Assert.That(corefile.Split('\n')
                    .Where(l => l.TrimStart().StartsWith("prometheus", StringComparison.Ordinal))
                    .Select(l => l.Trim())
                    .Distinct(),
                Is.EqualTo(new[] { expected }));
            Assert.That(() => RenderedCorefileValidator.Validate(corefile), Throws.Nothing);
        });
    }

    [Test]
    public void Render_DualStackLocalIps_BracketsIpv6InHealth()
    {
        var corefile = NodeCacheCorefileRenderer.Render(Seed, Settings with { LocalIps = ["fd00::a", "169.254.20.10"], KubeProxyMode = KubeProxyMode.Ipvs });
        Assert.That(corefile, Does.Contain("health [fd00::a]:8080").And.Contain("bind fd00::a 169.254.20.10"));
        RenderedCorefileValidator.Validate(corefile);
    }

    [Test]
    public void Render_CacheSettings_ArePassedThrough()
    {
        var corefile = NodeCacheCorefileRenderer.Render(Seed, Settings with
        {
            Cache = new CacheSettings
            {
                SuccessTtl = 60,
                DenialTtl = 10,
                DefaultTtl = 15,
                Prefetch = new PrefetchSettings(5, TimeSpan.FromMinutes(1), 20),
                ServeStale = new ServeStaleSettings(TimeSpan.FromHours(1)),
            },
        });
        Assert.Multiple(() =>
        {
            Assert.That(corefile, Does.Contain("success 9984 60").And.Contain("denial 9984 10").And.Contain("cache 15 {"));
            Assert.That(corefile, Does.Contain("prefetch 5 1m 20%").And.Contain("serve_stale 1h immediate"));
            var loaded = RenderedCorefileValidator.Validate(corefile);
            Assert.That(loaded.Servers.All(s => s.Cache?.Prefetch is not null && s.Cache.ServeStale is not null), Is.True);
        });
    }

    [Test]
    public void Render_StubOptions_AreCarried()
    {
        var config = Corefiles.Read(Corefiles.Kubeadm() +
            "opts.corp {\n forward . 10.0.0.1 10.0.0.2 {\n  policy sequential\n  force_tcp\n  except skip.opts.corp\n }\n}");
        var server = RenderedCorefileValidator.Validate(NodeCacheCorefileRenderer.Render(config, Settings)).Servers
            .Single(s => s.Zones[0].Zone == "opts.corp.");
        Assert.Multiple(() =>
        {
            Assert.That(server.Forward!.Policy, Is.EqualTo(NodeLocalDns.Corefile.Configuration.ForwardPolicy.Sequential));
            Assert.That(server.Forward.ForceTcp, Is.True);
            Assert.That(server.Forward.Except, Is.EqualTo(new[] { "skip.opts.corp." }));
        });
    }

    [Test]
    public void Render_SameInput_IsByteIdentical()
    {
        var text = Corefiles.Kubeadm() + "z.corp {\n forward . 10.0.0.3\n}\n" + Corefiles.SomeCorp + "a.corp {\n forward . 10.0.0.1\n}";
        var first = NodeCacheCorefileRenderer.Render(Corefiles.Read(text), Settings);
        var second = NodeCacheCorefileRenderer.Render(Corefiles.Read(text), Settings);
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(first.IndexOf("a.corp:53", StringComparison.Ordinal), Is.LessThan(first.IndexOf("some.corp:53", StringComparison.Ordinal)));
            Assert.That(first.IndexOf("some.corp:53", StringComparison.Ordinal), Is.LessThan(first.IndexOf("z.corp:53", StringComparison.Ordinal)));
        });
    }

    [Test]
    public void Render_Output_ParsesBackAndPassesTheDaemonLoader()
    {
        var corefile = NodeCacheCorefileRenderer.Render(Seed, Settings);
        var document = CorefileParser.Parse(corefile);
        Assert.Multiple(() =>
        {
            Assert.That(CorefileWriter.Write(document), Is.EqualTo(corefile));
            Assert.That(RenderedCorefileValidator.Validate(corefile).Servers, Has.Count.EqualTo(5));
        });
    }

    [Test]
    public void Render_IptablesModeForwardingToTheBoundIp_IsRefusedAsALoop()
    {
        var error = Assert.Throws<InvalidSettingsException>(() => NodeCacheCorefileRenderer.Render(Seed, Settings with { UpstreamIp = KubeDnsIp }));
        Assert.That(error!.Message, Does.Contain("would loop"));
    }

    [TestCase("not-an-ip", "is not an IP address")]
    [TestCase("", "is not an IP address")]
    public void Render_BadLocalIp_IsRefused(string ip, string words)
    {
        var error = Assert.Throws<InvalidSettingsException>(() => NodeCacheCorefileRenderer.Render(Seed, Settings with { LocalIps = [ip] }));
        Assert.That(error!.Message, Does.Contain(words));
    }

    [Test]
    public void PillarTemplate_UnknownPlaceholderLeft_FailsWithLocation()
    {
        var error = Assert.Throws<CorefileException>(() => PillarTemplateRenderer.Render(".:53 {\n    forward . __PILLAR__MYSTERY__\n}", Seed, Settings));
        Assert.That(error!.Message, Does.StartWith("template:2:15: ").And.Contain("__PILLAR__MYSTERY__"));
    }

    [Test]
    public void PillarTemplate_IpvsMode_DropsTheKubeDnsIpFromBind()
    {
        var corefile = PillarTemplateRenderer.Render(StockTemplate, Seed, Settings with { KubeProxyMode = KubeProxyMode.Ipvs });
        Assert.That(corefile, Does.Contain("bind 169.254.20.10\n").And.Not.Contain(KubeDnsIp));
    }

    [Test]
    public void Render_TlsStubDomain_GoesThroughClusterDnsWhichSpeaksTls()
    {
        var config = Corefiles.Read(Corefiles.Kubeadm() + "secure.corp {\n forward . tls://10.0.0.1 {\n  tls_servername dns.secure.corp\n }\n}");
        Assert.Multiple(() =>
        {
            Assert.That(config.StubDomains.Single().Servers, Is.EqualTo(new[] { "tls://10.0.0.1" }));
            Assert.That(config.Diagnostics.Select(d => d.Code), Does.Contain(DiagnosticCodes.ForwardedViaClusterDns));
            Assert.That(DaemonRouting.Route(NodeCacheCorefileRenderer.Render(config, Settings), "a.secure.corp."),
                Is.EqualTo(("secure.corp", $"{UpstreamIp}:53")));
        });
    }

    [Test]
    public void Render_StubForAReverseZone_IsNotRenderedTwice()
    {
        var config = Corefiles.Read(Corefiles.Kubeadm() + "in-addr.arpa:53 {\n forward . 10.0.0.1\n}");
        var corefile = NodeCacheCorefileRenderer.Render(config, Settings);
        Assert.Multiple(() =>
        {
            Assert.That(config.StubDomains, Is.Empty);
            Assert.That(config.Diagnostics.Select(d => d.Code), Does.Contain(DiagnosticCodes.DuplicateZone));
            Assert.That(DaemonRouting.Route(corefile, "1.0.0.10.in-addr.arpa."), Is.EqualTo(("in-addr.arpa", $"{UpstreamIp}:53")));
        });
    }
}
