using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Directives.Hosts;

[CancelAfter(60_000)]
[Category(TestCategories.Peers)]
public sealed class HostsReverseTests
{
    [Test]
    public async Task Hosts_PtrInReverseBlock_AnswersTheName()
    {
        var port = FreePort.Next();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:{{port}} in-addr.arpa:{{port}} {
                bind 127.0.0.1
                hosts {
                    10.9.8.7 db.example.test
                    10.9.8.8 db2.example.test
                }
            }
            """);
        var ptr = await DigClient.QueryAsync(daemon.Udp, "7.8.9.10.in-addr.arpa", "PTR");
        Assert.That(ptr.AnswerSet, Is.EqualTo(new[] { "7.8.9.10.in-addr.arpa. IN PTR db.example.test." }));
        Assert.That((await DigClient.QueryAsync(daemon.Udp, "db2.example.test", "AAAA")).Status, Is.EqualTo("NOERROR"));
    }
}
