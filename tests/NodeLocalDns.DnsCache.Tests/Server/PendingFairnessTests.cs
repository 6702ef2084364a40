using System.Net;
using System.Net.Sockets;
using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Server;

/// <summary>One client flooding a silent zone cannot take every pending slot: other clients' misses still go upstream.</summary>
[CancelAfter(60_000)]
public sealed class PendingFairnessTests
{
    [Test]
    public async Task FloodToSilentZone_OtherClientsMissesAreStillAnswered()
    {
        await using var silent = ScriptedUpstream.Start(_ => (byte[]?)null);
        await using var live = ScriptedUpstream.Start(q =>
        {
            var m = ScriptedUpstream.Reply(q);
            ScriptedUpstream.Append(m, 1, [0xC0, 12], 1, 300, [192, 0, 2, 1]);
            return [.. m];
        });
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            silent.test:0 {
                bind 127.0.0.1
                forward . {{silent.Endpoint}}
            }
            live.test:0 {
                bind 127.0.0.1
                forward . {{live.Endpoint}}
            }
            """, configure: o => o with { MaxPendingMisses = 400 });

        // Client A (127.0.0.1) fills far more than every pending slot with queries nobody answers.
        using (var flooder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            for (var i = 0; i < 1000; i++)
            {
                await flooder.SendToAsync(RawDns.Query($"q{i}.silent.test", id: (ushort)i), SocketFlags.None, daemon.Udp);
            }
        }

        // Client B (127.0.0.2, another pod) asks 20 names of the live zone.
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        var answered = 0;
        var buffer = new byte[512];
        for (var i = 0; i < 20; i++)
        {
            await client.SendToAsync(RawDns.Query($"b{i}.live.test", id: (ushort)i), SocketFlags.None, daemon.Udp);
            using var timeout = new CancellationTokenSource(3000);
            try
            {
                var n = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                answered += n >= 12 && RawDns.Rcode(buffer[..n]) == 0 ? 1 : 0;
            }
            catch (OperationCanceledException)
            {
            }
        }

        Assert.That(answered, Is.EqualTo(20));
    }
}
