using System.Net;
using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Model;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Corefile.Directives.Template;
using NodeLocalDns.Corefile.Directives.Reload;
using NodeLocalDns.Corefile.Directives.Ready;
using NodeLocalDns.Corefile.Directives.Log;
using NodeLocalDns.Corefile.Directives.Hosts;
using NodeLocalDns.Corefile.Directives.Errors;
using NodeLocalDns.Corefile.Directives.Cache;

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
    public void Load_StubBlockWithEveryForwardOption_ParsesThem()
    {
        var config = DnsCacheConfigLoader.Load("""
            some.corp:53 {
                errors
                cache 30
                reload
                loop
                bind 169.254.20.10
                forward . 10.1.2.3 10.4.5.6:5353 [fd00::53]:53 {
                    policy sequential
                    prefer_udp
                    max_concurrent 1000
                    expire 20s
                    health_check 1s no_rec domain example.org
                    max_fails 3
                    except internal.some.corp
                }
                prometheus :9253
            }
            """);
        var forward = config.Servers[0].Forward!;
        Assert.Multiple(() =>
        {
            Assert.That(forward.From, Is.EqualTo("."));
            Assert.That(forward.To.Select(t => t.Endpoint!.ToString()), Is.EqualTo(new[] { "10.1.2.3:53", "10.4.5.6:5353", "[fd00::53]:53" }));
            Assert.That(forward.Policy, Is.EqualTo(ForwardPolicy.Sequential));
            Assert.That(forward.PreferUdp, Is.True);
            Assert.That(forward.MaxConcurrent, Is.EqualTo(1000));
            Assert.That(forward.Expire, Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(forward.HealthCheckInterval, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(forward.HealthCheckRecursionDesired, Is.False);
            Assert.That(forward.HealthCheckDomain, Is.EqualTo("example.org."));
            Assert.That(forward.MaxFails, Is.EqualTo(3));
            Assert.That(forward.Except, Is.EqualTo(new[] { "internal.some.corp." }));
        });
    }

    [Test]
    public void Load_CachePrefetchServeStaleAndDisable_ParsesThem()
    {
        var cache = DnsCacheConfigLoader.Load("""
            .:1053 {
                cache 300 example.org {
                    success 5000 600 10
                    denial 2000 60
                    prefetch 3 30s 20%
                    serve_stale 1h verify
                    servfail 2s
                    disable denial
                }
                forward . 127.0.0.1
            }
            """).Servers[0].Cache!;
        Assert.That(cache, Is.EqualTo(new CacheOptions
        {
            Zones = ValueList<string>.Of("example.org."),
            SuccessCapacity = 5000,
            SuccessMaxTtl = TimeSpan.FromSeconds(600),
            SuccessMinTtl = TimeSpan.FromSeconds(10),
            DenialCapacity = 2000,
            DenialMaxTtl = TimeSpan.FromSeconds(60),
            Prefetch = new PrefetchOptions(3, TimeSpan.FromSeconds(30), 20),
            ServeStale = new ServeStaleOptions(TimeSpan.FromHours(1), Verify: true),
            ServfailTtl = TimeSpan.FromSeconds(2),
            DisableDenial = true,
        }));
    }

    [TestCase("prefetch 2", 2, 60, 10)]
    [TestCase("prefetch 5 10m", 5, 600, 10)]
    [TestCase("prefetch 1 1m 50%", 1, 60, 50)]
    public void Load_PrefetchDefaults_MatchCoreDns(string line, int amount, int seconds, int percentage)
    {
        var cache = DnsCacheConfigLoader.Load($".:53 {{\n cache {{\n  {line}\n }}\n}}").Servers[0].Cache!;
        Assert.That(cache.Prefetch, Is.EqualTo(new PrefetchOptions(amount, TimeSpan.FromSeconds(seconds), percentage)));
    }

    [Test]
    public void Load_ServeStaleWithoutArguments_DefaultsToOneHourImmediate()
    {
        var cache = DnsCacheConfigLoader.Load(".:53 {\n cache 30 {\n  serve_stale\n }\n}").Servers[0].Cache!;
        Assert.That(cache.ServeStale, Is.EqualTo(new ServeStaleOptions(TimeSpan.FromHours(1), Verify: false)));
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
            Assert.That(server.Hosts.Inline[0], Is.EqualTo(new HostsEntry(IPAddress.Parse("10.0.0.1"), ValueList<string>.Of("a.example.org.", "b.example.org."))));
            Assert.That(server.Hosts.Ttl, Is.EqualTo(60));
            Assert.That(server.Hosts.NoReverse, Is.True);
            Assert.That(server.Hosts.Fallthrough, Is.Empty);
            Assert.That(server.Templates, Has.Count.EqualTo(2));
            Assert.That(server.Templates[0], Is.EqualTo(new TemplateOptions("IN", "AAAA", ValueList<string>.Of("."))));
            Assert.That(server.Templates[1].Answer, Is.EqualTo(new[] { "{{ .Name }} 60 IN A 192.0.2.1" }));
            Assert.That(server.Templates[1].Match, Is.EqualTo(new[] { "^fixed[.]" }));
        });
    }

    [TestCase("prometheus", "localhost", 9153)]
    [TestCase("prometheus 127.0.0.1:9253", "127.0.0.1", 9253)]
    [TestCase("prometheus [::1]:9253", "::1", 9253)]
    [TestCase("prometheus :9253", null, 9253)]
    public void Load_PrometheusAddress_IsParsed(string line, string? host, int port)
    {
        var server = DnsCacheConfigLoader.Load($".:53 {{\n {line}\n}}").Servers[0];
        Assert.That(server.Prometheus!.Address, Is.EqualTo(new HttpListenAddress(host, port)));
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
    [TestCase(".:53 {\n  errors now\n}", 2, 10, "takes 0 arguments")]
    [TestCase(".:53 {\n  bind 169.254.20\n}", 2, 8, "not an IP address")]
    [TestCase(".:53 {\n  bind 127.0.0.1 127.0.0.1\n}", 2, 18, "listed twice")]
    [TestCase(".:53 {\n  bind\n}", 2, 3, "takes at least 1 argument")]
    [TestCase(".:53 {\n  cache 0\n}", 2, 9, "out of range")]
    [TestCase(".:53 {\n  cache -5\n}", 2, 9, "zero or negative")]
    [TestCase(".:53 {\n  cache 3000000000\n}", 2, 9, "out of range")]
    [TestCase(".:53 {\n  cache {\n    success 0\n  }\n}", 3, 13, "out of range")]
    [TestCase(".:53 {\n  cache {\n    success 100 30 60\n  }\n}", 3, 20, "minimum TTL is larger")]
    [TestCase(".:53 {\n  cache {\n    denial abc\n  }\n}", 3, 12, "not a whole number")]
    [TestCase(".:53 {\n  cache {\n    prefetch 2 soon\n  }\n}", 3, 16, "not a duration")]
    [TestCase(".:53 {\n  cache {\n    prefetch 2 1m 20\n  }\n}", 3, 19, "must end with '%'")]
    [TestCase(".:53 {\n  cache {\n    prefetch 2 1m 120%\n  }\n}", 3, 19, "out of range")]
    [TestCase(".:53 {\n  cache {\n    serve_stale 1h lazy\n  }\n}", 3, 20, "refresh mode 'lazy'")]
    [TestCase(".:53 {\n  cache {\n    servfail 10m\n  }\n}", 3, 14, "too long")]
    [TestCase(".:53 {\n  cache {\n    bogus\n  }\n}", 3, 5, "not an option of cache")]
    [TestCase(".:53 {\n  cache {\n    success 10\n    success 20\n  }\n}", 4, 5, "given twice")]
    [TestCase(".:53 {\n  forward .\n}", 2, 3, "takes at least 2 arguments")]
    [TestCase(".:53 {\n  forward . kube-dns.kube-system.svc\n}", 2, 13, "is a host name")]
    [TestCase(".:53 {\n  forward . 10.0.0.1:99999\n}", 2, 13, "out of range")]
    [TestCase(".:53 {\n  forward . tls://10.0.0.1\n}", 2, 13, "transport dnscache does not speak")]
    [TestCase(".:53 {\n  forward . 10.0.0.1 {\n    policy fastest\n  }\n}", 3, 12, "policy 'fastest' is unknown")]
    [TestCase(".:53 {\n  forward . 10.0.0.1 {\n    force_tcp\n    prefer_udp\n  }\n}", 4, 5, "both force_tcp and prefer_udp")]
    [TestCase(".:53 {\n  forward . 10.0.0.1 {\n    max_concurrent 0\n  }\n}", 3, 20, "out of range")]
    [TestCase(".:53 {\n  forward . 10.0.0.1 {\n    expire forever\n  }\n}", 3, 12, "not a duration")]
    [TestCase(".:53 {\n  forward . 10.0.0.1 {\n    health_check 1s maybe\n  }\n}", 3, 21, "not an option of health_check")]
    [TestCase(".:53 {\n  forward . 10.0.0.1 {\n    tls\n  }\n}", 3, 5, "not supported by dnscache")]
    [TestCase(".:53 {\n  forward . 10.0.0.1 {\n    wat\n  }\n}", 3, 5, "not an option of forward")]
    [TestCase(".:53 {\n  reload 1s\n}", 2, 10, "too short")]
    [TestCase(".:53 {\n  reload 10s 6s\n}", 2, 14, "more than half the interval")]
    [TestCase(".:53 {\n  health 8080\n}", 2, 10, "has no port")]
    [TestCase(".:53 {\n  health example.com:8080\n}", 2, 10, "not an IP address")]
    [TestCase(".:53 {\n  prometheus :70000\n}", 2, 14, "out of range")]
    [TestCase(".:53 {\n  ready :8181 :8182\n}", 2, 15, "takes 0 to 1 arguments")]
    [TestCase(".:53 {\n  loop 3\n}", 2, 8, "takes 0 arguments")]
    [TestCase(".:53 {\n  hosts {\n    10.0.0.1\n  }\n}", 3, 5, "takes at least 1 argument")]
    [TestCase(".:53 {\n  hosts {\n    example.org 10.0.0.1\n  }\n}", 3, 5, "neither an option of hosts")]
    [TestCase(".:53 {\n  template IN BOGUS\n}", 2, 15, "type 'BOGUS' is not supported")]
    [TestCase(".:53 {\n  template IN A {\n    match ([a-z\n  }\n}", 3, 11, "not a valid regular expression")]
    [TestCase(".:53 {\n  template IN A {\n    rcode MAYBE\n  }\n}", 3, 11, "rcode 'MAYBE' is unknown")]
    [TestCase(".:53 {\n  log {\n    class chatty\n  }\n}", 3, 11, "log class 'chatty'")]
    [TestCase(".:53 {\n  template IN A {\n    answer \"{{ .Name }} A\"\n  }\n}", 3, 12, "needs OWNER [TTL] [CLASS] TYPE DATA")]
    [TestCase(".:53 {\n  template IN A {\n    answer \"{{ .Name }} 60 IN MX 10 mail\"\n  }\n}", 3, 12, "type 'MX' is not supported")]
    [TestCase(".:53 {\n  template IN A {\n    answer \"{{ .Name }} 60 IN A 999.1.1.1\"\n  }\n}", 3, 12, "not valid data for a A record")]
    [TestCase(".:53 {\n  template IN A {\n    answer \"{{ .Name }} 60 IN A {{ .Meta }}\"\n  }\n}", 3, 12, "as the owner only")]
    [TestCase(".:53 {\n}\n.:53 {\n}", 3, 1, "already served by the block at line 1")]
    [TestCase(".:53 {\n  bind __PILLAR__LOCAL__DNS__\n}", 2, 8, "placeholder that was never substituted")]
    [TestCase(".:53 {\n  forward . __PILLAR__CLUSTER__DNS__ {\n    force_tcp\n  }\n}", 2, 13, "placeholder that was never substituted")]
    [TestCase(".:53 {\n  health __PILLAR__LOCAL__DNS__:8080\n}", 2, 10, "placeholder that was never substituted")]
    [TestCase(".:53 {\n bind 10.0.0.1\n}\n.:53 {\n}", 4, 1, "already served")]
    [TestCase("tls://.:853 {\n}", 1, 1, "plain DNS only")]
    [TestCase("a.org:53 b.org:54 {\n}", 1, 10, "a block listens on one port")]
    [TestCase("a.org a.org {\n}", 1, 7, "listed twice")]
    [TestCase("", 1, 1, "no server block")]
    public void Load_BadCorefile_ThrowsAtTheOffendingToken(string text, int line, int column, string fragment)
    {
        var e = Assert.Throws<CorefileException>(() => DnsCacheConfigLoader.Load(text))!;
        Assert.Multiple(() =>
        {
            Assert.That((e.Position.Line, e.Position.Column), Is.EqualTo((line, column)), e.Message);
            Assert.That(e.Message, Does.Contain(fragment));
            Assert.That(e.Message, Does.StartWith($"Corefile:{line}:{column}: "));
        });
    }

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
}
