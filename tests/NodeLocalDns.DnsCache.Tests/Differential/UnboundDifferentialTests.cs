using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Differential;

/// <summary>
/// The same queries through the daemon and through unbound, both in front of the same knotd, must give
/// the same rcode and the same answer set (TTLs aside); asked twice, so the second answer comes from
/// each one's cache.
/// </summary>
[CancelAfter(120_000)]
[Category(TestCategories.Peers)]
public sealed class UnboundDifferentialTests
{
    private KnotAuthoritativeServer _knot = null!;
    private UnboundResolver _unbound = null!;
    private DaemonUnderTest _daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _knot = await KnotFixture.SharedAsync();
        _unbound = await UnboundResolver.StartAsync(_knot.Endpoint);
        _daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                cache 30
                forward . 127.0.0.1:{{_knot.Port}}
            }
            """);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _daemon.DisposeAsync();
        await _unbound.DisposeAsync();
    }

    [TestCase("www.example.test", "A")]
    [TestCase("www.example.test", "AAAA")]
    [TestCase("example.test", "MX")]
    [TestCase("txt.example.test", "TXT")]
    [TestCase("mid.example.test", "TXT")]
    [TestCase("does-not-exist.example.test", "A")]
    [TestCase("mail.example.test", "AAAA")]
    [TestCase("ent.example.test", "A")]
    [TestCase("alias.example.test", "A")]
    [TestCase("alias2.example.test", "AAAA")]
    [TestCase("WwW.ExAmPlE.TeSt", "A")]
    [TestCase("example.test", "NS")]
    [TestCase("example.test", "SOA")]
    public async Task Query_SameAsUnbound(string name, string type)
    {
        for (var round = 0; round < 2; round++)
        {
            var ours = await DigClient.QueryAsync(_daemon.Udp, name, type);
            var theirs = await DigClient.QueryAsync(_unbound.Endpoint, name, type);
            Assert.That(ours.Status, Is.EqualTo(theirs.Status), $"round {round}\nours:\n{ours.Output}\nunbound:\n{theirs.Output}");
            Assert.That(ours.AnswerSet, Is.EqualTo(theirs.AnswerSet), $"round {round}\nours:\n{ours.Output}\nunbound:\n{theirs.Output}");
        }
    }
}
