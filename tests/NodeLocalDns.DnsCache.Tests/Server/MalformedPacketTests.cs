using System.Net.Sockets;
using NodeLocalDns.DnsCache.Tests.Support;

namespace NodeLocalDns.DnsCache.Tests.Server;

/// <summary>Garbage sent to the running daemon: FORMERR or silence, counted, and the daemon keeps answering.</summary>
[CancelAfter(60_000)]
public sealed class MalformedPacketTests
{
    private DaemonUnderTest _daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _daemon = await DaemonUnderTest.StartAsync("""
        example.test:0 {
            template IN A {
                answer "{{ .Name }} 60 IN A 192.0.2.99"
            }
            prometheus 127.0.0.1:0
        }
        """);

    [OneTimeTearDown]
    public async Task StopAsync() => await _daemon.DisposeAsync();

    [Test]
    public async Task Udp_TrailingGarbage_GetsFormErrAndIsCounted()
    {
        var before = await _daemon.MetricAsync("dnscache_malformed_requests_total", "proto=\"udp\",action=\"formerr\"");
        var answer = await RawDns.UdpAsync(_daemon.Udp, [.. RawDns.Query("a.example.test", id: 5), 0xde, 0xad]);
        Assert.That(RawDns.Rcode(answer!), Is.EqualTo(1));
        Assert.That(RawDns.Id(answer!), Is.EqualTo(5));
        Assert.That(await _daemon.MetricAsync("dnscache_malformed_requests_total", "proto=\"udp\",action=\"formerr\""), Is.EqualTo(before + 1));
    }

    [Test]
    public async Task Udp_ShortHeader_IsDroppedAndCounted()
    {
        var before = await _daemon.MetricAsync("dnscache_malformed_requests_total", "proto=\"udp\",action=\"drop\"");
        Assert.That(await RawDns.UdpAsync(_daemon.Udp, [1, 2, 3], timeoutMs: 300), Is.Null);
        Assert.That(await _daemon.MetricAsync("dnscache_malformed_requests_total", "proto=\"udp\",action=\"drop\""), Is.EqualTo(before + 1));
    }

    [Test]
    public async Task Udp_ThousandsOfRandomPackets_DaemonStillAnswers()
    {
        var random = new Random(42);
        using var socket = new Socket(SocketType.Dgram, ProtocolType.Udp);
        var seed = RawDns.Query("a.example.test", ednsSize: 1232);
        for (var i = 0; i < 3000; i++)
        {
            var packet = i % 3 == 0 ? new byte[random.Next(0, 100)] : (byte[])seed.Clone();
            if (i % 3 == 0)
            {
                random.NextBytes(packet);
            }
            else
            {
                packet[random.Next(packet.Length)] = (byte)random.Next(256);
                packet = packet[..random.Next(1, packet.Length + 1)];
            }

            await socket.SendToAsync(packet, SocketFlags.None, _daemon.Udp);
        }

        var answer = await RawDns.UdpAsync(_daemon.Udp, RawDns.Query("ok.example.test"));
        Assert.That(RawDns.Parse(answer!).AnswerRecords, Has.Count.EqualTo(1));
        Assert.That(await _daemon.MetricAsync("coredns_panics_total"), Is.Zero);
    }

    [Test]
    public async Task Tcp_GarbageFrame_GetsFormErrAndConnectionStaysUsable()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_daemon.Tcp);
        await RawDns.SendFramedAsync(socket, [0, 9, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1]);
        Assert.That(RawDns.Rcode(await RawDns.ReceiveFramedAsync(socket)), Is.EqualTo(1));
        await RawDns.SendFramedAsync(socket, RawDns.Query("b.example.test", id: 10));
        var answer = await RawDns.ReceiveFramedAsync(socket);
        Assert.That((RawDns.Id(answer), RawDns.Rcode(answer)), Is.EqualTo(((ushort)10, 0)));
    }

    [Test]
    public async Task Udp_OtherOpcode_GetsNotImp()
    {
        var query = RawDns.Query("a.example.test");
        query[2] |= 4 << 3;
        Assert.That(RawDns.Rcode((await RawDns.UdpAsync(_daemon.Udp, query))!), Is.EqualTo(4));
    }

    [Test]
    public async Task Udp_EdnsVersionOne_GetsBadVers()
    {
        var query = RawDns.Query("a.example.test", ednsSize: 1232);
        query[^5] = 1;
        var message = RawDns.Parse((await RawDns.UdpAsync(_daemon.Udp, query))!);
        Assert.That((int)message.ReturnCode, Is.EqualTo(16));
    }
}
