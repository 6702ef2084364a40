using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Tests.Support;

namespace NodeLocalDns.Corefile.Tests.Directives.Forward;

/// <summary><c>forward</c> through the loader: what it parses into, and the Corefiles it refuses.</summary>
public sealed class ForwardSetupTests
{
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

    // Failure rows: the Corefile, then the exact line:column and a fragment of the sentence.
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
    [TestCase(".:53 {\n  forward . __PILLAR__CLUSTER__DNS__ {\n    force_tcp\n  }\n}", 2, 13, "placeholder that was never substituted")]
    public void Load_BadCorefile_ThrowsAtTheOffendingToken(string text, int line, int column, string fragment) =>
        LoadAssert.ThrowsAt(text, line, column, fragment);
}
