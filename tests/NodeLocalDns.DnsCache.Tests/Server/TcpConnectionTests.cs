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

    private const string CorefileWithMetrics = """
        example.test:0 {
            template IN A {
                answer "{{ .Name }} 60 IN A 192.0.2.1"
            }
            prometheus 127.0.0.1:0
        }
        """;

    // Every answer about 4 KB: TXT records of 250 octets each.
    private static readonly string BigCorefile = $$"""
        example.test:0 {
            template IN TXT {
                {{string.Join("\n", Enumerable.Range(0, 16).Select(i => $"answer \"{{{{ .Name }}}} 60 IN TXT {new string((char)('a' + i), 250)}\""))}}
            }
            prometheus 127.0.0.1:0
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

    // Refusing new connections at the cap lets a few stuck clients lock everyone out; evicting the idlest
    // (RFC 7766 §6.2.3: a server may close idle connections to free resources) keeps the service open.
    [Test]
    public async Task Tcp_NewConnectionOverTheCap_EvictsTheIdlestAndIsServed()
    {
        await using var daemon = await DaemonUnderTest.StartAsync(CorefileWithMetrics, configure: o => o with { MaxTcpConnections = 2 });
        using var first = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var second = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var third = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await first.ConnectAsync(daemon.Tcp);
        await second.ConnectAsync(daemon.Tcp);
        await RawDns.SendFramedAsync(first, RawDns.Query("a.example.test"));
        await RawDns.ReceiveFramedAsync(first);

        // The server stamps a connection's activity again once its write completes, which may run after the client
        // has read the answer: a pause keeps that stamp well before the second connection's activity.
        await Task.Delay(300);
        await RawDns.SendFramedAsync(second, RawDns.Query("b.example.test"));
        await RawDns.ReceiveFramedAsync(second);
        await third.ConnectAsync(daemon.Tcp);
        await RawDns.SendFramedAsync(third, RawDns.Query("c.example.test", id: 3));
        Assert.That(RawDns.Id(await RawDns.ReceiveFramedAsync(third)), Is.EqualTo(3), "the new connection is served");
        using var timeout = new CancellationTokenSource(5000);
        Assert.That(await first.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token), Is.Zero, "the idlest connection was closed");
        Assert.That(await daemon.MetricAsync("dnscache_tcp_connections_closed_total", "reason=\"evicted\""), Is.EqualTo(1));
    }

    // Clients that pipeline queries for large answers and never read them used to hold their connection (and a
    // slot of the cap) forever: the idle timeout covers reads only. A write that makes no progress is a dead client.
    [Test]
    public async Task Tcp_ClientsThatNeverRead_AreClosedAndNewClientsServed()
    {
        await using var daemon = await DaemonUnderTest.StartAsync(
            BigCorefile, configure: o => o with { MaxTcpConnections = 2, TcpWriteTimeout = TimeSpan.FromMilliseconds(500) });
        var stuck = new List<Socket>();
        for (var c = 0; c < 2; c++)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
            await socket.ConnectAsync(daemon.Tcp);
            stuck.Add(socket);
            var queries = new List<byte>();
            for (var i = 0; i < 2000; i++)
            {
                var q = RawDns.Query($"big{i}.example.test", type: 16, id: (ushort)i);
                queries.AddRange([(byte)(q.Length >> 8), (byte)q.Length, .. q]);
            }

            _ = socket.SendAsync(queries.ToArray(), SocketFlags.None);
        }

        try
        {
            Assert.That(
                await NodeLocalDns.Testing.Eventually.HoldsAsync(
                    async () => await daemon.MetricAsync("dnscache_tcp_connections_closed_total", "reason=\"write_timeout\"") >= 2,
                    TimeSpan.FromSeconds(20)),
                Is.True,
                "both stalled connections are closed");
            using var fresh = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await fresh.ConnectAsync(daemon.Tcp);
            await RawDns.SendFramedAsync(fresh, RawDns.Query("fresh.example.test", id: 77));
            Assert.That(RawDns.Id(await RawDns.ReceiveFramedAsync(fresh)), Is.EqualTo(77));
        }
        finally
        {
            stuck.ForEach(s => s.Dispose());
        }
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
