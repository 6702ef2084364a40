using System.Net;
using System.Net.Sockets;

namespace NodeLocalDns.Testing.Peers;

/// <summary>
/// Picks a loopback port that is free for both UDP and TCP right now (DNS servers need both on one port).
/// Ports come from a high range away from the kernel's ephemeral range and other tests' choices.
/// </summary>
public static class FreePort
{
    private static int _next = 20000 + (Environment.ProcessId % 2000 * 10);

    /// <summary>A port free on 127.0.0.1 and ::1 for UDP and TCP.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var port = Interlocked.Increment(ref _next);
            if (port > 60000)
            {
                Interlocked.Exchange(ref _next, 20000);
                continue;
            }

            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException("no free port found");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var u4 = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            u4.Bind(new IPEndPoint(IPAddress.Loopback, port));
            using var t4 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            t4.Bind(new IPEndPoint(IPAddress.Loopback, port));
            using var u6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            u6.Bind(new IPEndPoint(IPAddress.IPv6Loopback, port));
            using var t6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            t6.Bind(new IPEndPoint(IPAddress.IPv6Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
