using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using NodeLocalDns.DnsCache.Tests.Support;

namespace NodeLocalDns.DnsCache.Tests.Directives.Forward;

/// <summary>
/// RFC 5452: answers from an address we did not ask, with another ID, or for another question are
/// ignored, and the real answer that follows is used. No real server forges answers, so the upstream here
/// is a raw socket the test drives byte by byte.
/// </summary>
[CancelAfter(60_000)]
public sealed class SpoofingTests
{
    private static byte[] Answer(ushort id, string name, params byte[] address) =>
        new Wire(id, 0x81, 0x80).Question(name).A("@", 300, address).Build();

    [TestCase("other address")]
    [TestCase("wrong id")]
    [TestCase("other question")]
    public async Task Forward_ForgedAnswerFirst_IsIgnoredAndTheRealOneUsed(string forgery)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        upstream.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var spoofer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        spoofer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                forward . {{upstream.LocalEndPoint}}
            }
            """);

        var client = RawDns.UdpAsync(daemon.Udp, RawDns.Query("www.example.test"), timeoutMs: 5000);
        var buffer = new byte[512];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        using var timeout = new CancellationTokenSource(5000);
        var received = await upstream.ReceiveFromAsync(buffer, SocketFlags.None, from, timeout.Token);
        var id = BinaryPrimitives.ReadUInt16BigEndian(buffer);
        var daemonSide = received.RemoteEndPoint;

        var forged = forgery switch
        {
            "other address" => (Socket: spoofer, Packet: Answer(id, "www.example.test", 6, 6, 6, 6)),
            "wrong id" => (Socket: upstream, Packet: Answer((ushort)(id + 1), "www.example.test", 6, 6, 6, 6)),
            _ => (Socket: upstream, Packet: Answer(id, "evil.example.test", 6, 6, 6, 6)),
        };
        await forged.Socket.SendToAsync(forged.Packet, SocketFlags.None, daemonSide);
        await Task.Delay(100);
        await upstream.SendToAsync(Answer(id, "www.example.test", 192, 0, 2, 10), SocketFlags.None, daemonSide);

        var answer = RawDns.Parse((await client)!);
        Assert.That(answer.AnswerRecords.OfType<ARecord>().Single().Address, Is.EqualTo(IPAddress.Parse("192.0.2.10")));
    }
}
