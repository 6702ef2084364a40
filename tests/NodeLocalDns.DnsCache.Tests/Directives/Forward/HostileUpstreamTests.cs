using System.Collections.Concurrent;
using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Directives.Forward;

/// <summary>
/// Upstreams that send what no correct server sends, lose datagrams or answer late (a scripted upstream, the one
/// stand-in allowed), with unbound in front of the same upstream as the reference where it has an opinion.
/// </summary>
[CancelAfter(120_000)]
[Category(TestCategories.Peers)]
public sealed class HostileUpstreamTests
{
    private static async Task<DaemonUnderTest> DaemonAsync(ScriptedUpstream upstream, string forwardOptions = "") =>
        await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                cache 30
                forward . {{upstream.Endpoint}} {
                    {{forwardOptions}}
                }
                prometheus 127.0.0.1:0
            }
            """);

    private static byte[] Answer(ScriptedQuery q, Action<List<byte>> records)
    {
        var message = ScriptedUpstream.Reply(q);
        records(message);
        return [.. message];
    }

    [Test]
    public async Task OwnerPointingAtItself_ServFailAsUnbound_AndNeverCached()
    {
        await using var upstream = ScriptedUpstream.Start(q => Answer(q, m => ScriptedUpstream.Append(m, 1, [0xC0, (byte)m.Count], 1, 300, [192, 0, 2, 1])));
        await using var daemon = await DaemonAsync(upstream);
        await using var unbound = await UnboundResolver.StartAsync(upstream.Endpoint);
        var theirs = await DigClient.QueryAsync(unbound.Endpoint, "www.example.test");
        var first = await DigClient.QueryAsync(daemon.Udp, "www.example.test");
        var asked = upstream.Queries.Count;
        var second = await DigClient.QueryAsync(daemon.Udp, "www.example.test");
        Assert.Multiple(() =>
        {
            Assert.That(theirs.Status, Is.EqualTo("SERVFAIL"), theirs.Output);
            Assert.That(first.Status, Is.EqualTo(theirs.Status), first.Output);
            Assert.That(second.Status, Is.EqualTo("SERVFAIL"), second.Output);
            Assert.That(upstream.Queries, Has.Count.GreaterThan(asked), "the second query went upstream again: nothing was cached");
        });
    }

    [Test]
    public async Task CnamePointingPastTheEnd_ServFail()
    {
        await using var upstream = ScriptedUpstream.Start(q => Answer(q, m => ScriptedUpstream.Append(m, 1, [0xC0, 12], 5, 300, [0xC0, 0xFE])));
        await using var daemon = await DaemonAsync(upstream);
        Assert.That((await DigClient.QueryAsync(daemon.Udp, "www.example.test")).Status, Is.EqualTo("SERVFAIL"));
    }

    // RFC 6891 §6.1.1: the OPT may be anywhere in the additional section.
    [Test]
    public async Task OptInTheMiddleOfTheAdditionalSection_LaterCompressedNamesArriveIntact()
    {
        await using var upstream = ScriptedUpstream.Start(q => Answer(q, m =>
        {
            ScriptedUpstream.Append(m, 1, [0xC0, 12], 1, 300, [192, 0, 2, 1]);
            ScriptedUpstream.Append(m, 3, [0], 41, 0, [], cls: 1232);
            var ns = (byte)m.Count;
            ScriptedUpstream.Append(m, 3, ScriptedUpstream.Name("ns1.example.test"), 1, 300, [192, 0, 2, 53]);
            ScriptedUpstream.Append(m, 3, [0xC0, ns], 28, 300, new byte[16]);
        }));
        await using var daemon = await DaemonAsync(upstream);
        for (var round = 0; round < 2; round++)
        {
            var answer = RawDns.Parse((await RawDns.UdpAsync(daemon.Udp, RawDns.Query("www.example.test", ednsSize: 1232)))!);
            Assert.That(answer.ReturnCode, Is.EqualTo(ARSoft.Tools.Net.Dns.ReturnCode.NoError));
            Assert.That(
                answer.AdditionalRecords.Where(r => r.RecordType != ARSoft.Tools.Net.Dns.RecordType.Opt).Select(r => r.Name.ToString()),
                Is.EqualTo(new[] { "ns1.example.test.", "ns1.example.test." }),
                $"round {round}");
        }
    }

    // unbound: a truncated answer over TCP cannot be completed anywhere; SERVFAIL rather than a partial answer.
    [Test]
    public async Task TruncatedOverTcp_ServFail()
    {
        await using var upstream = ScriptedUpstream.Start(q =>
        {
            var m = ScriptedUpstream.Reply(q, truncated: true);
            ScriptedUpstream.Append(m, 1, [0xC0, 12], 1, 300, [192, 0, 2, 1]);
            return [.. m];
        });
        await using var daemon = await DaemonAsync(upstream, "force_tcp");
        Assert.That((await DigClient.QueryAsync(daemon.Udp, "www.example.test")).Status, Is.EqualTo("SERVFAIL"));
    }

    [Test]
    public async Task TrailingBytesAfterTheAnswer_AcceptedAsUnboundDoes()
    {
        await using var upstream = ScriptedUpstream.Start(q => Answer(q, m =>
        {
            ScriptedUpstream.Append(m, 1, [0xC0, 12], 1, 300, [192, 0, 2, 1]);
            m.AddRange([0xDE, 0xAD, 0xBE, 0xEF]);
        }));
        await using var daemon = await DaemonAsync(upstream);
        await using var unbound = await UnboundResolver.StartAsync(upstream.Endpoint);
        var theirs = await DigClient.QueryAsync(unbound.Endpoint, "www.example.test");
        var ours = await DigClient.QueryAsync(daemon.Udp, "www.example.test");
        Assert.That((ours.Status, ours.AnswerSet), Is.EqualTo((theirs.Status, theirs.AnswerSet)), ours.Output + theirs.Output);
        Assert.That(ours.Status, Is.EqualTo("NOERROR"));
    }

    // CoreDNS's forward keeps trying until its deadline: one lost datagram must not cost the client an answer.
    [Test]
    public async Task FirstDatagramLost_RetriedAndAnswered()
    {
        var seen = new ConcurrentDictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        await using var upstream = ScriptedUpstream.Start(q =>
            seen.AddOrUpdate(q.Name, 1, (_, n) => n + 1) == 1 ? null : Answer(q, m => ScriptedUpstream.Append(m, 1, [0xC0, 12], 1, 300, [192, 0, 2, 1])));
        await using var daemon = await DaemonAsync(upstream);
        var result = await DigClient.QueryAsync(daemon.Udp, "lost.example.test", "A", "+time=5");
        Assert.That(result.Status, Is.EqualTo("NOERROR"), result.Output);
        Assert.That(seen["lost.example.test."], Is.EqualTo(2));
    }

    // unbound sent 10 upstream queries for 100 identical concurrent ones; the daemon sends one.
    [Test]
    public async Task HundredIdenticalConcurrentMisses_OneUpstreamQuery()
    {
        await using var upstream = ScriptedUpstream.Start(async q =>
        {
            await Task.Delay(300);
            return Answer(q, m => ScriptedUpstream.Append(m, 1, [0xC0, 12], 1, 300, [192, 0, 2, 1]));
        });
        await using var daemon = await DaemonAsync(upstream);
        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => RawDns.UdpAsync(daemon.Udp, RawDns.Query("same.example.test", id: (ushort)i))));
        Assert.That(answers.Select(a => a is null ? -1 : RawDns.Rcode(a)), Is.All.EqualTo(0));
        Assert.That(answers.Select(a => RawDns.Id(a!)), Is.EquivalentTo(Enumerable.Range(0, 100).Select(i => (ushort)i)), "each client gets its own ID back");
        Assert.That(upstream.Queries.Count(q => q.Name.Equals("same.example.test.", StringComparison.OrdinalIgnoreCase)), Is.EqualTo(1));
    }
}
