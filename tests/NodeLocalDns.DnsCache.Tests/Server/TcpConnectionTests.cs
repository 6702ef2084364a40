using System.Net.Sockets;
using NodeLocalDns.DnsCache.Tests.Support;

namespace NodeLocalDns.DnsCache.Tests.Server;

[CancelAfter(60_000)]
public sealed class TcpConnectionTests
{
    private const string Corefile = """
        example.test:0 {
            template IN A {
                answer "{{ .Name }} 60 IN A 192.0.2.1"
            }
        }
        """;

    [Test]
    public async Task Tcp_IdleConnection_IsClosedAfterTheIdleTimeout()
    {
        await using var daemon = await DaemonUnderTest.StartAsync(Corefile, configure: o => o with { TcpIdleTimeout = TimeSpan.FromMilliseconds(300) });
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(daemon.Tcp);
        await RawDns.SendFramedAsync(socket, RawDns.Query("a.example.test"));
        Assert.That(RawDns.Rcode(await RawDns.ReceiveFramedAsync(socket)), Is.Zero);
        using var timeout = new CancellationTokenSource(5000);
        var read = await socket.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token);
        Assert.That(read, Is.Zero, "the server closed the idle connection");
    }

    [Test]
    public async Task Tcp_ConnectionsOverTheCap_AreClosedAndOthersKeepWorking()
    {
        await using var daemon = await DaemonUnderTest.StartAsync(Corefile, configure: o => o with { MaxTcpConnections = 2 });
        using var first = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var second = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var third = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await first.ConnectAsync(daemon.Tcp);
        await second.ConnectAsync(daemon.Tcp);
        await RawDns.SendFramedAsync(first, RawDns.Query("a.example.test"));
        await RawDns.ReceiveFramedAsync(first);
        await RawDns.SendFramedAsync(second, RawDns.Query("b.example.test"));
        await RawDns.ReceiveFramedAsync(second);
        await third.ConnectAsync(daemon.Tcp);
        using var timeout = new CancellationTokenSource(5000);
        Assert.That(await third.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token), Is.Zero, "the third connection is closed");
        await RawDns.SendFramedAsync(first, RawDns.Query("c.example.test", id: 3));
        Assert.That(RawDns.Id(await RawDns.ReceiveFramedAsync(first)), Is.EqualTo(3));
    }

    [Test]
    public async Task Tcp_ManyPipelinedQueries_AllAnsweredDespiteBackPressure()
    {
        await using var daemon = await DaemonUnderTest.StartAsync(Corefile);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(daemon.Tcp);
        for (ushort i = 0; i < 500; i++)
        {
            await RawDns.SendFramedAsync(socket, RawDns.Query($"n{i}.example.test", id: i));
        }

        var ids = new HashSet<ushort>();
        for (var i = 0; i < 500; i++)
        {
            ids.Add(RawDns.Id(await RawDns.ReceiveFramedAsync(socket)));
        }

        Assert.That(ids, Has.Count.EqualTo(500));
    }
}
