using System.Net.Sockets;

namespace NodeLocalDns.DnsCache.Server;

/// <summary>
/// Socket options for sharing ports between instances on one node. DNS sockets join a SO_REUSEPORT group,
/// so a surge pod binds beside the pod it replaces (kubernetes/dns#667). The kernel spreads datagrams over
/// the group by hash, so when one member closes, whatever was queued on its socket is lost (measured: tens
/// to hundreds of datagrams at 30k queries/s). <see cref="SteerAway"/> therefore lets a leaving instance
/// point the group's selection at another member first: a one-instruction classic BPF program
/// (SO_ATTACH_REUSEPORT_CBPF) that always picks index 1. Members are indexed in the order they joined,
/// so during a surge the older instance is 0 and the newer 1; an index past the group's end makes the
/// kernel fall back to its hash, so the program is harmless once the leaver is gone or when it is alone.
/// HTTP endpoints must not share ports (kubelet's probe of one pod could be answered by another), so they
/// take SO_REUSEADDR only: .NET's ReuseAddress option sets SO_REUSEPORT as well on Linux.
/// </summary>
internal static class ReusePort
{
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;
    private const int SoAttachReusePortCbpf = 51;
    private const ushort BpfReturnConstant = 0x06;

    /// <summary>Joins the port's SO_REUSEPORT group (and sets SO_REUSEADDR).</summary>
    public static void Share(Socket socket) => socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);

    /// <summary>SO_REUSEADDR alone: rebinding over TIME_WAIT connections, but no second listener on the port.</summary>
    public static void AddressOnly(Socket socket) => socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));

    /// <summary>
    /// Makes the group of <paramref name="socket"/> deliver new datagrams and connections to its member at
    /// index 1 (see the type's remarks). Returns false where the kernel refuses (not Linux, or too old).
    /// </summary>
    public static unsafe bool SteerAway(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; } = { BPF_RET | BPF_K, 0, 0, 1 }
        ulong filter = BpfReturnConstant | (1UL << 32);

        // struct sock_fprog { u16 len; struct sock_filter *filter; } (the pointer is 8-aligned on 64-bit).
        var program = stackalloc byte[16];
        *(ushort*)program = 1;
        *(ulong*)(program + 8) = (ulong)&filter;
        try
        {
            socket.SetRawSocketOption(SolSocket, SoAttachReusePortCbpf, new ReadOnlySpan<byte>(program, IntPtr.Size == 8 ? 16 : 8));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Whether a bind failure means the port is taken.</summary>
    public static bool IsInUse(SocketException e) => e.SocketErrorCode == SocketError.AddressAlreadyInUse;

    /// <summary>A sentence that says what a failed bind of <paramref name="endpoint"/> means and what to do.</summary>
    public static string Explain(System.Net.IPEndPoint endpoint, string protocol, SocketException e) => e.SocketErrorCode switch
    {
        SocketError.AddressNotAvailable =>
            $"{Format(endpoint)}/{protocol}: address not on this node; " +
            $"run with -localip {endpoint.Address} (and -setupinterface, the default) or add it to an interface",
        SocketError.AddressAlreadyInUse =>
            $"{Format(endpoint)}/{protocol}: port in use by another program (another dnscache shares it, anything else does not); stop it or pick another port",
        SocketError.AccessDenied =>
            $"{Format(endpoint)}/{protocol}: permission denied; ports below 1024 need root or CAP_NET_BIND_SERVICE",
        _ => $"{Format(endpoint)}/{protocol}: {e.Message}",
    };

    private static string Format(System.Net.IPEndPoint endpoint) =>
        endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]:{endpoint.Port}" : $"{endpoint.Address}:{endpoint.Port}";
}
