using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Directives.Hosts;

[CancelAfter(60_000)]
[Category(TestCategories.Peers)]
public sealed class HostsTests
{
    private KnotAuthoritativeServer _knot = null!;
    private DaemonUnderTest _daemon = null!;
    private string _hostsFile = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _knot = await KnotFixture.SharedAsync();
        _hostsFile = Path.Combine(Path.GetTempPath(), $"hosts-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(_hostsFile, "# a hosts file\n10.9.8.7 fromfile.example.test alias.fromfile.example.test\n");
        _daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                hosts {{_hostsFile}} {
                    10.0.0.1 inline.example.test
                    fd00::1 inline.example.test
                    ttl 60
                    fallthrough
                }
                forward . 127.0.0.1:{{_knot.Port}}
            }
            owned.test:0 {
                hosts /nonexistent/hosts {
                    10.0.0.2 host.owned.test
                }
            }
            """);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _daemon.DisposeAsync();
        File.Delete(_hostsFile);
    }

    [Test]
    public async Task Hosts_InlineEntry_AnswersAAndAaaa()
    {
        var a = await DigClient.QueryAsync(_daemon.Udp, "inline.example.test", "A");
        var aaaa = await DigClient.QueryAsync(_daemon.Udp, "Inline.Example.Test", "AAAA");
        Assert.Multiple(() =>
        {
            Assert.That(a.AnswerSet, Is.EqualTo(new[] { "inline.example.test. IN A 10.0.0.1" }));
            Assert.That(a.AnswerTtls, Is.EqualTo(new[] { 60 }));
            Assert.That(aaaa.AnswerSet, Is.EqualTo(new[] { "Inline.Example.Test. IN AAAA fd00::1" }));
        });
    }

    [Test]
    public async Task Hosts_FileEntry_AnswersEveryName()
    {
        var alias = await DigClient.QueryAsync(_daemon.Udp, "alias.fromfile.example.test");
        Assert.That(alias.AnswerSet, Is.EqualTo(new[] { "alias.fromfile.example.test. IN A 10.9.8.7" }));
    }

    [Test]
    public async Task Hosts_Ptr_IsAnsweredFromEntries()
    {
        var ptr = await DigClient.QueryAsync(_daemon.Udp, "7.8.9.10.in-addr.arpa", "PTR");
        Assert.That(ptr.Status, Is.EqualTo("REFUSED"), "in-addr.arpa is not a zone of any block here");
    }

    [Test]
    public async Task Hosts_UnknownNameWithFallthrough_GoesToForward()
    {
        var www = await DigClient.QueryAsync(_daemon.Udp, "www.example.test");
        Assert.That(www.AnswerSet, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Hosts_UnknownNameWithoutFallthrough_IsNxDomain()
    {
        Assert.That((await DigClient.QueryAsync(_daemon.Udp, "other.owned.test")).Status, Is.EqualTo("NXDOMAIN"));
        Assert.That((await DigClient.QueryAsync(_daemon.Udp, "host.owned.test")).AnswerSet, Is.EqualTo(new[] { "host.owned.test. IN A 10.0.0.2" }));
    }
}
