using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Directives.Forward;

/// <summary>
/// The upstream source ports (issue 13, defect 10): each port carries a few dozen queries and takes new ones for a
/// second at most, so learning one port (RFC 5452 §9.2; SAD DNS, CVE-2020-25705) gives a forger little to aim at.
/// Before, four sockets carried every query for 10 s. The upstream is a scripted one because it records the port of
/// every query.
/// </summary>
[CancelAfter(60_000)]
[Category(TestCategories.Peers)]
public sealed class SourcePortTests
{
    private static async Task<DaemonUnderTest> DaemonAsync(ScriptedUpstream upstream) =>
        await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                forward . {{upstream.Endpoint}}
            }
            """);

    private static byte[] Answer(ScriptedQuery q)
    {
        var message = ScriptedUpstream.Reply(q);
        ScriptedUpstream.Append(message, 1, [0xC0, 12], 1, 300, [192, 0, 2, 1]);
        return [.. message];
    }

    [Test]
    public async Task ManyMisses_EachPortCarriesAtMost32Queries()
    {
        await using var upstream = ScriptedUpstream.Start(Answer);
        await using var daemon = await DaemonAsync(upstream);
        const int Queries = 400;
        for (var batch = 0; batch < Queries / 50; batch++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => RawDns.UdpAsync(daemon.Udp, RawDns.Query($"n{batch}-{i}.example.test"))));
            Assert.That(answers.Select(a => a is null ? -1 : RawDns.Rcode(a)), Is.All.EqualTo(0));
        }

        var perPort = upstream.Queries.GroupBy(q => q.Client!.Port).Select(g => g.Count()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(perPort.Sum(), Is.EqualTo(Queries));
            Assert.That(perPort.Max(), Is.LessThanOrEqualTo(32), "queries on the busiest port");
            Assert.That(perPort, Has.Count.GreaterThanOrEqualTo(Queries / 32), "ports used");
        });
    }

    [Test]
    public async Task QuietUpstream_PortTakesNewQueriesForASecondAtMost()
    {
        await using var upstream = ScriptedUpstream.Start(Answer);
        await using var daemon = await DaemonAsync(upstream);
        var arrivals = new List<(int Port, DateTime At)>();
        for (var i = 0; i < 25; i++)
        {
            var before = upstream.Queries.Count;
            Assert.That(await RawDns.UdpAsync(daemon.Udp, RawDns.Query($"slow{i}.example.test")), Is.Not.Null);
            arrivals.Add((upstream.Queries.Skip(before).First().Client!.Port, DateTime.UtcNow));
            await Task.Delay(100);
        }

        // One port's first and last query: at most the 1 s lifetime apart (plus a round trip of slack).
        var longest = arrivals.GroupBy(a => a.Port).Max(g => (g.Max(a => a.At) - g.Min(a => a.At)).TotalMilliseconds);
        Assert.That(longest, Is.LessThan(1_300), "milliseconds between the first and the last query on one port");
    }
}
