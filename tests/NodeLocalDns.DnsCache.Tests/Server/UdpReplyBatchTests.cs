using System.Net;
using System.Net.Sockets;
using NodeLocalDns.DnsCache.Server;
using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.DnsCache.Tests.Server;

/// <summary>Answers held by a thread's batch go out with sendmmsg, each from its own socket to its own client.</summary>
[CancelAfter(60_000)]
public sealed class UdpReplyBatchTests
{
    private static byte[] SocketAddress(IPEndPoint endpoint)
    {
        var address = endpoint.Serialize();
        var bytes = new byte[address.Size];
        for (var i = 0; i < address.Size; i++)
        {
            bytes[i] = address[i];
        }

        // .NET's SocketAddress is the native sockaddr on Linux: family in host order, then port and address.
        return bytes;
    }

    [Test]
    public void OpenBatch_AnswersFromTwoSockets_ReachEachClientFromTheRightSocket()
    {
        Assume.That(OperatingSystem.IsLinux());
        using var first = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        first.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        second.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var clients = Enumerable.Range(0, 3).Select(_ =>
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 2000 };
            client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return client;
        }).ToArray();

        // 40 answers (more than a batch holds), in runs on one socket and alternating between the two.
        var expected = new List<(int Client, IPEndPoint From, byte[] Data)>();
        var sentBefore = UdpReplyBatch.Sent;
        var batch = UdpReplyBatch.Begin();
        Assert.That(batch, Is.Not.Null);
        for (var i = 0; i < 40; i++)
        {
            var from = i % 5 < 3 ? first : second;
            var client = i % 3;
            var data = new byte[] { (byte)i, 0xAB, (byte)(i * 7) };
            Assert.That(UdpReplyBatch.TryDefer(from.SafeHandle.DangerousGetHandle(), data, SocketAddress((IPEndPoint)clients[client].LocalEndPoint!)), Is.True);
            expected.Add((client, (IPEndPoint)from.LocalEndPoint!, data));
        }

        batch!.End();
        Assert.That(UdpReplyBatch.TryDefer(first.SafeHandle.DangerousGetHandle(), [1], SocketAddress((IPEndPoint)clients[0].LocalEndPoint!)), Is.False,
            "a closed batch holds nothing");

        var buffer = new byte[64];
        foreach (var group in expected.GroupBy(e => e.Client))
        {
            foreach (var (client, from, data) in group)
            {
                EndPoint sender = new IPEndPoint(IPAddress.Any, 0);
                var length = clients[client].ReceiveFrom(buffer, ref sender);
                Assert.Multiple(() =>
                {
                    Assert.That(buffer[..length], Is.EqualTo(data), $"client {client}, in the order they were held");
                    Assert.That(sender, Is.EqualTo(from), $"answer {data[0]} comes from the socket it was held for");
                });
            }
        }

        Assert.That(UdpReplyBatch.Sent - sentBefore, Is.EqualTo(40));
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Test]
    [Category(TestCategories.Peers)]
    public async Task ConcurrentMisses_AreAnsweredThroughBatches_EachWithItsOwnIdAndName()
    {
        var knot = await KnotFixture.SharedAsync();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                cache 30
                forward . 127.0.0.1:{{knot.Port}}
            }
            """);
        var sentBefore = UdpReplyBatch.Sent;
        var answers = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            var name = $"batch-{i}.example.test";
            var answer = await RawDns.UdpAsync(daemon.Udp, RawDns.Query(name, id: (ushort)(1000 + i)));
            return (i, name, answer);
        }));

        Assert.Multiple(() =>
        {
            foreach (var (i, name, answer) in answers)
            {
                Assert.That(answer, Is.Not.Null, name);
                Assert.That(RawDns.Id(answer!), Is.EqualTo(1000 + i), name);
                Assert.That(RawDns.QuestionName(answer!), Is.EqualTo(name + ".").IgnoreCase, name);
                Assert.That(RawDns.Rcode(answer!), Is.EqualTo(3), $"{name}: knotd's NXDOMAIN");
            }

            Assert.That(UdpReplyBatch.Sent - sentBefore, Is.GreaterThanOrEqualTo(300), "the upstream thread answered through its batches");
        });
    }
}
