using System.Net;
using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.DnsCache.BaseCorefile;
using NodeLocalDns.Testing;

namespace NodeLocalDns.DnsCache.Tests.BaseCorefile;

/// <summary>node-cache's run-time substitution of the stock addon template, and where it would write a broken Corefile, an error instead.</summary>
public sealed class NodeCacheTemplateTests
{
    private static readonly IPAddress[] LocalIps = [IPAddress.Parse("169.254.20.10"), IPAddress.Parse("10.96.0.10")];

    // The manifest's sed fills the domain before node-cache sees the template (the addon docs, "iptables mode").
    private static string StockTemplate => File.ReadAllText(TestData.Shared("corefiles", "kubernetes-nodelocaldns-addon.Corefile"))
        .Replace("__PILLAR__DNS__DOMAIN__", "cluster.local", StringComparison.Ordinal);

    [Test]
    public void StockTemplate_AfterTheManifestsSed_RendersToACorefileTheDaemonLoads()
    {
        // iptables mode: the manifest's sed fills the local and kube-dns IPs; node-cache fills the rest.
        var template = StockTemplate
            .Replace("__PILLAR__LOCAL__DNS__", "169.254.20.10", StringComparison.Ordinal)
            .Replace("__PILLAR__DNS__SERVER__", "10.96.0.10", StringComparison.Ordinal);

        var text = NodeCacheTemplate.Render(template, KubeDnsSettings.Empty, LocalIps, 53, "kube-dns-upstream", "10.96.0.11");

        Assert.That(text, Does.Contain("bind 169.254.20.10 10.96.0.10\n"));
        Assert.That(text, Does.Contain("forward . 10.96.0.11 {"));
        Assert.That(text, Does.Contain("forward . /etc/resolv.conf"));
        Assert.That(text, Does.Not.Contain("__PILLAR__"));
        Assert.That(DnsCacheConfigLoader.Load(text).Servers, Has.Count.EqualTo(4));
    }

    [Test]
    public void LeftoverLocalAndServerPlaceholders_AreFilledAsNodeCacheDoes()
    {
        var text = NodeCacheTemplate.Render("cluster.local:53 {\n    bind __PILLAR__LOCAL__DNS__ __PILLAR__DNS__SERVER__\n}\n",
            KubeDnsSettings.Empty, LocalIps, 53, "kube-dns", null);
        Assert.That(text, Is.EqualTo("cluster.local:53 {\n    bind 169.254.20.10 10.96.0.10 \n}\n"));
    }

    [Test]
    public void KubeDnsStubDomainsAndUpstreams_BecomeBlocksAndTheRootForward()
    {
        var kubeDns = new KubeDnsSettings([("acme.local", ["1.2.3.4"]), ("corp.example", ["10.1.2.3", "10.4.5.6:5353"])], ["8.8.8.8", "8.8.4.4"]);
        var template = StockTemplate.Replace("health __PILLAR__LOCAL__DNS__:8080", "health 169.254.20.10:8080", StringComparison.Ordinal);

        var text = NodeCacheTemplate.Render(template, kubeDns, LocalIps, 53, "kube-dns-upstream", "10.96.0.11");

        Assert.That(text, Does.Contain("forward . 8.8.8.8 8.8.4.4\n"));
        Assert.That(text, Does.EndWith("""

            acme.local:53 {
                errors
                cache 30
                bind 169.254.20.10 10.96.0.10
                forward . 1.2.3.4
            }

            corp.example:53 {
                errors
                cache 30
                bind 169.254.20.10 10.96.0.10
                forward . 10.1.2.3 10.4.5.6:5353
            }

            """.ReplaceLineEndings("\n")));
        var config = DnsCacheConfigLoader.Load(text);
        Assert.That(config.Servers.Select(s => s.Zones[0].Zone), Has.Member("corp.example.").And.Member("acme.local."));
    }

    [Test]
    public void CustomUpstreams_TurnAForceTcpUpstreamBlockIntoUdp_AsNodeCacheDoes()
    {
        const string template = ".:53 {\n    forward . __PILLAR__UPSTREAM__SERVERS__ {\n            force_tcp\n    }\n}\n";
        var text = NodeCacheTemplate.Render(template, new KubeDnsSettings([], ["8.8.8.8"]), LocalIps, 53, "kube-dns-upstream", null);
        Assert.That(text, Is.EqualTo(".:53 {\n    forward . 8.8.8.8\n}\n"));
    }

    [Test]
    public void StubBlocks_ListenOnTheDnsPort()
    {
        var text = NodeCacheTemplate.Render(".:5353 {\n}\n", new KubeDnsSettings([("a.test", ["1.1.1.1"])], []), LocalIps, 5353, "kube-dns", null);
        Assert.That(text, Does.Contain("a.test:5353 {"));
    }

    [Test]
    public void AMissingUpstreamServiceVariable_IsAnErrorNotNil()
    {
        var error = Assert.Throws<FormatException>(
            () => NodeCacheTemplate.Render(StockTemplate, KubeDnsSettings.Empty, LocalIps, 53, "kube-dns-upstream", null))!;
        Assert.That(error.Message, Does.Contain("$KUBE_DNS_UPSTREAM_SERVICE_HOST is not set"));
        Assert.That(error.Message, Does.Contain("'kube-dns-upstream'"));
    }

    [Test]
    public void ABadUpstreamServiceVariable_IsAnError() =>
        Assert.That(() => NodeCacheTemplate.Render(StockTemplate, KubeDnsSettings.Empty, LocalIps, 53, "kube-dns-upstream", "<nil>"),
            Throws.TypeOf<FormatException>().With.Message.Contains("not an IP address"));

    [Test]
    public void APlaceholderNodeCacheDoesNotFill_IsNamedWithItsLine()
    {
        var template = File.ReadAllText(TestData.Shared("corefiles", "kubernetes-nodelocaldns-addon.Corefile"));
        Assert.That(() => NodeCacheTemplate.Render(template, KubeDnsSettings.Empty, LocalIps, 53, "kube-dns-upstream", "10.96.0.11"),
            Throws.TypeOf<FormatException>().With.Message.StartsWith("line 1: placeholder __PILLAR__DNS__DOMAIN__"));
    }

    [TestCase("kube-dns-upstream", "KUBE_DNS_UPSTREAM_SERVICE_HOST")]
    [TestCase("coredns", "COREDNS_SERVICE_HOST")]
    public void ServiceVariables_AreKubeletsNames(string service, string variable) =>
        Assert.That(NodeCacheTemplate.ServiceHostVariable(service), Is.EqualTo(variable));
}
