using System.Net;
using System.Net.Sockets;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Loop;

/// <summary>
/// Sends the <c>loop</c> directive's probe: one <c>HINFO</c> query for <see cref="LoopDetector.ProbeName"/>
/// to the daemon's own listener, so that it goes out through <c>forward</c> and, if an upstream forwards
/// back to us, comes in again and again (<see cref="LoopDetector.Observe"/> counts it).
/// </summary>
internal static class LoopProbe
{
    /// <summary>Sends the probe to <paramref name="listener"/> in the background (the dual-stack wildcard through 127.0.0.1).</summary>
    public static void Send(IPEndPoint listener, string probeName)
    {
        var target = listener.Address.Equals(IPAddress.IPv6Any) ? new IPEndPoint(IPAddress.Loopback, listener.Port) : listener;
        var key = QueryBuilder.Key(probeName, DnsConstants.TypeHinfo);
        _ = Task.Run(async () =>
        {
            try
            {
                using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                var query = new byte[key.Length + 23];
                var length = QueryBuilder.Write(query, (ushort)Random.Shared.Next(65536), key);
                await socket.SendToAsync(query.AsMemory(0, length), SocketFlags.None, target).ConfigureAwait(false);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                _ = await socket.ReceiveAsync(new byte[512], SocketFlags.None, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
            }
        });
    }
}
