using System.Net;
using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Directives.Errors;
using NodeLocalDns.Corefile.Directives.Hosts;
using NodeLocalDns.Corefile.Directives.Log;
using NodeLocalDns.Corefile.Directives.Ready;
using NodeLocalDns.Corefile.Directives.Reload;
using NodeLocalDns.Corefile.Directives.Template;
using NodeLocalDns.Corefile.Model;
using NodeLocalDns.Corefile.Tests.Support;

namespace NodeLocalDns.Corefile.Tests.Configuration;

public sealed class DnsCacheConfigLoaderTests
{
    // The NodeLocal DNSCache addon's Corefile after node-cache's substitution (iptables mode).
    internal const string AddonCorefile = """
        cluster.local:53 {
            errors
            cache {
                    success 9984 30
                    denial 9984 5
            }
            reload
            loop
            bind 169.254.20.10 10.96.0.10
            forward . 10.96.0.11 {
                    force_tcp
            }
            prometheus :9253
            health 169.254.20.10:8080
            }
        in-addr.arpa:53 {
            errors
            cache 30
            reload
            loop
            bind 169.254.20.10 10.96.0.10
            forward . 10.96.0.11 {
                    force_tcp
            }
            prometheus :9253
            }
        ip6.arpa:53 {
            errors
            cache 30
            reload
            loop
            bind 169.254.20.10 10.96.0.10
            forward . 10.96.0.11 {
                    force_tcp
            }
            prometheus :9253
            }
        .:53 {
            errors
            cache 30
            reload
            loop
            bind 169.254.20.10 10.96.0.10
            forward . /etc/resolv.conf
            prometheus :9253
            }
        """;

    [Test]
    public void Load_AddonTemplate_GivesFourServersWithTheirOptions()
    {
        var config = DnsCacheConfigLoader.Load(AddonCorefile);

        Assert.That(config.Servers.Select(s => s.Zones[0].Zone), Is.EqualTo(new[] { "cluster.local.", "in-addr.arpa.", "ip6.arpa.", "." }));
        var cluster = config.Servers[0];
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Port, Is.EqualTo(53));
            Assert.That(cluster.ListenAddresses, Is.EqualTo(new[] { IPAddress.Parse("169.254.20.10"), IPAddress.Parse("10.96.0.10") }));
            Assert.That(cluster.Cache!.SuccessCapacity, Is.EqualTo(9984));
            Assert.That(cluster.Cache.SuccessMaxTtl, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(cluster.Cache.DenialMaxTtl, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(cluster.Forward!.ForceTcp, Is.True);
            Assert.That(cluster.Forward.To.Single().Endpoint, Is.EqualTo(new IPEndPoint(IPAddress.Parse("10.96.0.11"), 53)));
            Assert.That(cluster.Prometheus!.Address, Is.EqualTo(new HttpListenAddress(null, 9253)));
            Assert.That(cluster.Health!.Address, Is.EqualTo(new HttpListenAddress("169.254.20.10", 8080)));
            Assert.That(cluster.Reload, Is.EqualTo(ReloadOptions.Default));
            Assert.That(cluster.Loop, Is.Not.Null);
            Assert.That(cluster.Errors, Is.EqualTo(ErrorsOptions.Default));
            Assert.That(config.Servers[1].Cache!.SuccessMaxTtl, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(config.Servers[1].Cache!.DenialMaxTtl, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(config.Servers[3].Forward!.To.Single().ResolvConfPath, Is.EqualTo("/etc/resolv.conf"));
            Assert.That(config.ListenEndpoints.Count(), Is.EqualTo(2));
        });
    }

    [Test]
    public void Load_SameTextTwice_GivesEqualConfigs()
    {
        var first = DnsCacheConfigLoader.Load(AddonCorefile);
        var second = DnsCacheConfigLoader.Load(AddonCorefile);
        var changed = DnsCacheConfigLoader.Load(AddonCorefile.Replace("cache 30", "cache 31", StringComparison.Ordinal));
        Assert.That(second, Is.EqualTo(first));
        Assert.That(changed, Is.Not.EqualTo(first));
    }

    [Test]
    public void Load_LogReadyHostsAndTemplate_ParsesThem()
    {
        var server = DnsCacheConfigLoader.Load("""
            .:53 {
                log . "{remote} {name}" {
                    class denial error
                }
                ready :8181
                hosts /etc/coredns/hosts example.org {
                    10.0.0.1 a.example.org b.example.org
                    fd00::1 a.example.org
                    ttl 60
                    no_reverse
                    fallthrough
                }
                template IN AAAA {
                    rcode NOERROR
                }
                template IN A example.org {
                    match ^fixed[.]
                    answer "{{ .Name }} 60 IN A 192.0.2.1"
                    fallthrough
                }
            }
            """).Servers[0];
        Assert.Multiple(() =>
        {
            Assert.That(server.Log, Is.EqualTo(new LogOptions(ValueList<string>.Of("."), "{remote} {name}", ValueList<string>.Of("denial", "error"))));
            Assert.That(server.Ready, Is.EqualTo(new ReadyOptions(new HttpListenAddress(null, 8181))));
            Assert.That(server.Hosts!.Path, Is.EqualTo("/etc/coredns/hosts"));
            Assert.That(server.Hosts.Zones, Is.EqualTo(new[] { "example.org." }));
            Assert.That(server.Hosts.Inline, Has.Count.EqualTo(2));
            Assert.That(server.Hosts.Inline[0],
                Is.EqualTo(new HostsEntry(IPAddress.Parse("10.0.0.1"), ValueList<string>.Of("a.example.org.", "b.example.org."))));
            Assert.That(server.Hosts.Ttl, Is.EqualTo(60));
            Assert.That(server.Hosts.NoReverse, Is.True);
            Assert.That(server.Hosts.Fallthrough, Is.Empty);
            Assert.That(server.Templates, Has.Count.EqualTo(2));
            Assert.That(server.Templates[0], Is.EqualTo(new TemplateOptions("IN", "AAAA", ValueList<string>.Of("."))));
            Assert.That(server.Templates[1].Answer, Is.EqualTo(new[] { "{{ .Name }} 60 IN A 192.0.2.1" }));
            Assert.That(server.Templates[1].Match, Is.EqualTo(new[] { "^fixed[.]" }));
        });
    }

    [Test]
    public void Load_TwoBlocksSameZoneDifferentBind_IsAllowed()
    {
        var config = DnsCacheConfigLoader.Load(".:53 {\n bind 127.0.0.1\n}\n.:53 {\n bind 127.0.0.2\n}\n");
        Assert.That(config.Servers, Has.Count.EqualTo(2));
    }

    [Test]
    public void Load_KeyWithPortAndReverseCidr_SplitsZones()
    {
        var server = DnsCacheConfigLoader.Load("10.0.0.0/8:1053 example.org:1053 {\n errors\n}\n").Servers[0];
        Assert.That(server.Zones.Select(z => z.Zone), Is.EqualTo(new[] { "10.in-addr.arpa.", "example.org." }));
        Assert.That(server.Port, Is.EqualTo(1053));
    }

    // Failure rows: the Corefile, then the exact line:column and a fragment of the sentence.
    [TestCase(".:53 {\n  frobnicate\n}", 2, 3, "unknown directive 'frobnicate'")]
    [TestCase(".:53 {\n  kubernetes cluster.local\n}", 2, 3, "dnscache does not have")]
    [TestCase(".:53 {\n  errors\n  errors\n}", 3, 3, "given twice")]
    [TestCase(".:53 {\n}\n.:53 {\n}", 3, 1, "already served by the block at line 1")]
    [TestCase(".:53 {\n bind 10.0.0.1\n}\n.:53 {\n}", 4, 1, "already served")]
    [TestCase("tls://.:853 {\n}", 1, 1, "plain DNS only")]
    [TestCase("a.org:53 b.org:54 {\n}", 1, 10, "a block listens on one port")]
    [TestCase("a.org a.org {\n}", 1, 7, "listed twice")]
    [TestCase("", 1, 1, "no server block")]
    public void Load_BadCorefile_ThrowsAtTheOffendingToken(string text, int line, int column, string fragment) =>
        LoadAssert.ThrowsAt(text, line, column, fragment);

    [Test]
    public void Load_SharedTestdataCorefilesOfNodeLocalDns_Load()
    {
        foreach (var name in new[] { "kubernetes-nodelocaldns-addon.Corefile", "deliveryhero-node-local-dns.Corefile" })
        {
            var text = File.ReadAllText(NodeLocalDns.Testing.TestData.Shared("corefiles", name))
                .Replace("__PILLAR__LOCAL__DNS__", "169.254.20.10", StringComparison.Ordinal)
                .Replace("__PILLAR__DNS__SERVER__", "10.96.0.10", StringComparison.Ordinal)
                .Replace("__PILLAR__CLUSTER__DNS__", "10.96.0.11", StringComparison.Ordinal)
                .Replace("__PILLAR__UPSTREAM__SERVERS__", "/etc/resolv.conf", StringComparison.Ordinal)
                .Replace("__PILLAR__DNS__DOMAIN__", "cluster.local", StringComparison.Ordinal);
            Assert.DoesNotThrow(() => DnsCacheConfigLoader.Load(text), name);
        }
    }

    // CoreDNS (plugin.OriginsFromArgsOrServerBlock): a cache without zones caches its block's zones.
    [Test]
    public void Load_CacheWithoutZones_CachesTheBlocksZones()
    {
        var config = DnsCacheConfigLoader.Load("cluster.local 10.0.0.0/8 {\n cache 30\n}\n.:53 {\n cache 30 example.org\n}\n");
        Assert.That(config.Servers[0].Cache!.Zones, Is.EqualTo(new[] { "cluster.local.", "10.in-addr.arpa." }));
        Assert.That(config.Servers[1].Cache!.Zones, Is.EqualTo(new[] { "example.org." }));
    }
}
