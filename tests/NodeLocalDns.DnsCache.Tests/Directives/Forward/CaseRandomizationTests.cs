using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ARSoft.Tools.Net.Dns;
using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Directives.Forward;

/// <summary>
/// <c>forward { randomize_case }</c>, 0x20 encoding (draft-vixie-dnsext-dns0x20; unbound's use-caps-for-id): the
/// upstream is asked with a random case per letter, the client gets its own spelling back, and an answer whose
/// question is not spelt exactly as sent is dropped as forged.
/// </summary>
[CancelAfter(60_000)]
public sealed partial class CaseRandomizationTests
{
    private const string ClientSpelling = "WWW.Example.TEST";

    // dnsmasq (logging every query as it arrived) in front of knot: a real upstream that echoes the case it was asked.
    [Test]
    [Category(TestCategories.Peers)]
    public async Task RealUpstream_SeesMixedCase_ClientGetsItsOwnSpelling()
    {
        await using var knot = await KnotAuthoritativeServer.StartAsync();
        await using var dnsmasq = await DnsmasqServer.StartAsync(knot.Endpoint, logQueries: true);
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                forward . {{dnsmasq.Endpoint}} {
                    randomize_case
                }
            }
            """);

        // No cache in the block: every query goes upstream with a spelling of its own.
        const int Queries = 8;
        for (var i = 0; i < Queries; i++)
        {
            var result = await DigClient.QueryAsync(daemon.Udp, ClientSpelling);
            Assert.Multiple(() =>
            {
                Assert.That(result.Status, Is.EqualTo("NOERROR"), result.Output);
                Assert.That(result.Output, Does.Contain($";{ClientSpelling}.\t"), "the question as the client spelt it");
                Assert.That(result.AnswerLines, Has.Count.EqualTo(2).And.All.StartWith($"{ClientSpelling}.\t"), "owners as the client spelt the name");
            });
        }

        List<string> Seen() => [.. QueryLog().Matches(dnsmasq.Output).Select(m => m.Groups[1].Value)];
        await Eventually.HoldsAsync(() => Seen().Count >= Queries, TimeSpan.FromSeconds(5));
        var seen = Seen();
        Assert.Multiple(() =>
        {
            Assert.That(seen, Has.All.Matches<string>(s => s.Equals(ClientSpelling, StringComparison.OrdinalIgnoreCase)), string.Join(", ", seen));
            Assert.That(seen.Distinct(StringComparer.Ordinal).Count(), Is.GreaterThan(1), "a new random spelling per query: " + string.Join(", ", seen));
            Assert.That(
                seen.Count(s => s.Any(char.IsAsciiLetterUpper) && s.Any(char.IsAsciiLetterLower)),
                Is.GreaterThan(Queries / 2),
                "mixed case: " + string.Join(", ", seen));
        });
    }

    // A forger who guessed the port and the ID still has to guess every letter's case: an answer whose question differs
    // in the case of one letter is dropped, and the real answer that follows is used.
    [Test]
    public async Task AnswerWithAnotherCase_IsIgnoredAndTheRealOneUsed()
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        upstream.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                forward . {{upstream.LocalEndPoint}} {
                    randomize_case
                }
            }
            """);

        var client = RawDns.UdpAsync(daemon.Udp, RawDns.Query(ClientSpelling), timeoutMs: 5000);
        var buffer = new byte[512];
        using var timeout = new CancellationTokenSource(5000);
        var received = await upstream.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        var query = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
        var question = query[12..(QuestionEnd(query))];

        var forged = (byte[])question.Clone();
        forged[1] ^= 0x20;
        await upstream.SendToAsync(Answer(query, forged, [6, 6, 6, 6]), SocketFlags.None, received.RemoteEndPoint);
        await Task.Delay(100);
        await upstream.SendToAsync(Answer(query, question, [192, 0, 2, 10]), SocketFlags.None, received.RemoteEndPoint);

        var raw = (await client)!;
        var answer = RawDns.Parse(raw);
        Assert.Multiple(() =>
        {
            Assert.That(answer.AnswerRecords.OfType<ARecord>().Single().Address, Is.EqualTo(IPAddress.Parse("192.0.2.10")));
            Assert.That(RawDns.QuestionName(raw), Is.EqualTo(ClientSpelling + "."), "the client's spelling, not the upstream's");
            Assert.That(
                question.Any(b => b is >= (byte)'A' and <= (byte)'Z') && question.Any(b => b is >= (byte)'a' and <= (byte)'z'),
                Is.True,
                "the upstream was asked in mixed case");
        });
    }

    private static int QuestionEnd(byte[] message)
    {
        var i = 12;
        while (message[i] != 0)
        {
            i += message[i] + 1;
        }

        return i + 5;
    }

    // The query's header with QR, RA and one A record owned by the question (a pointer to it).
    private static byte[] Answer(byte[] query, byte[] question, byte[] address)
    {
        var answer = new List<byte>(query[..12]);
        answer[2] = 0x81;
        answer[3] = 0x80;
        answer[6] = 0;
        answer[7] = 1;
        answer[10] = 0;
        answer[11] = 0;
        answer.AddRange(question);
        var record = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(record, 0xC00C);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(6), 300);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(10), 4);
        address.CopyTo(record, 12);
        answer.AddRange(record);
        return [.. answer];
    }

    [GeneratedRegex(@"query\[A\] (\S+) from ")]
    private static partial Regex QueryLog();
}
