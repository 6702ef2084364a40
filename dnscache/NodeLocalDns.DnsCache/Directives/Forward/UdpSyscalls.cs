using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>
/// The Linux calls behind the upstream source ports (<see cref="UdpPortPool"/>): <c>socket</c>, <c>connect</c>,
/// <c>send</c>, <c>recv</c> on non-blocking UDP descriptors, and <c>epoll</c> so that one thread waits on all of an
/// upstream's ports. Raw descriptors instead of <see cref="Socket"/>: a port lives for a few dozen queries, and
/// <see cref="Socket"/>'s objects and address serialisation would cost more than the socket itself.
/// </summary>
internal static unsafe partial class UdpSyscalls
{
    public const int EpollIn = 0x001;
    public const int EpollErr = 0x008;
    public const int EpollCtlAdd = 1;
    public const int EAgain = 11;
    public const int EIntr = 4;

    private const int SockDgram = 2;
    private const int SockNonBlock = 0x800;
    private const int SockCloExec = 0x80000;
    private const int IpProtoUdp = 17;
    private const int EpollCloExec = 0x80000;

    /// <summary>
    /// Bytes per <c>struct epoll_event</c>: the kernel's x86-64 layout is packed (12 bytes, the data at offset 4);
    /// other architectures align the 64-bit data (16 bytes, at offset 8).
    /// </summary>
    public static int EpollEventSize { get; } = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    /// <summary>Where the 64-bit data sits in an epoll event (see <see cref="EpollEventSize"/>).</summary>
    public static int EpollDataOffset { get; } = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static partial int Connect(int fd, byte* address, uint length);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(UdpSocketHandle fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(UdpSocketHandle fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epfd, byte* events, int maxEvents, int timeoutMs);

    /// <summary>A new epoll instance.</summary>
    public static int CreateEpoll()
    {
        var fd = EpollCreate1(EpollCloExec);
        return fd >= 0 ? fd : throw new UpstreamException($"epoll_create1: {ErrorName(Marshal.GetLastPInvokeError())}");
    }

    /// <summary>
    /// A non-blocking UDP socket connected to <paramref name="remote"/> (the kernel picks a random ephemeral source
    /// port at the connect, RFC 6056) and watched by <paramref name="epoll"/> with <paramref name="data"/>; null and
    /// <paramref name="error"/> when a call failed.
    /// </summary>
    public static UdpSocketHandle? OpenConnected(IPEndPoint remote, int epoll, ulong data, out string? error)
    {
        var ipv6 = remote.AddressFamily == AddressFamily.InterNetworkV6;
        var fd = Socket(ipv6 ? 10 : 2, SockDgram | SockNonBlock | SockCloExec, IpProtoUdp);
        if (fd < 0)
        {
            error = $"socket: {ErrorName(Marshal.GetLastPInvokeError())}";
            return null;
        }

        var handle = new UdpSocketHandle(fd);
        Span<byte> address = stackalloc byte[28];
        address.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(address, (ushort)(ipv6 ? 10 : 2));
        BinaryPrimitives.WriteUInt16BigEndian(address[2..], (ushort)remote.Port);
        if (ipv6)
        {
            // struct sockaddr_in6: family, port, flow info, address, scope id.
            remote.Address.TryWriteBytes(address[8..24], out _);
            BinaryPrimitives.WriteUInt32LittleEndian(address[24..], (uint)remote.Address.ScopeId);
        }
        else
        {
            remote.Address.TryWriteBytes(address[4..8], out _);
        }

        int result;
        fixed (byte* a = address)
        {
            result = Connect(fd, a, ipv6 ? 28u : 16u);
        }

        if (result < 0)
        {
            error = $"connect: {ErrorName(Marshal.GetLastPInvokeError())}";
            handle.Dispose();
            return null;
        }

        Span<byte> ev = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(ev, EpollIn);
        BinaryPrimitives.WriteUInt64LittleEndian(ev[EpollDataOffset..], data);
        fixed (byte* e = ev)
        {
            result = EpollCtl(epoll, EpollCtlAdd, fd, e);
        }

        if (result < 0)
        {
            error = $"epoll_ctl: {ErrorName(Marshal.GetLastPInvokeError())}";
            handle.Dispose();
            return null;
        }

        error = null;
        return handle;
    }

    /// <summary>The name .NET gives an errno in <see cref="SocketError"/> (as the log printed it before), or the number.</summary>
    public static string ErrorName(int errno) => errno switch
    {
        111 => nameof(SocketError.ConnectionRefused),
        104 => nameof(SocketError.ConnectionReset),
        113 => nameof(SocketError.HostUnreachable),
        101 => nameof(SocketError.NetworkUnreachable),
        105 => nameof(SocketError.NoBufferSpaceAvailable),
        97 => nameof(SocketError.AddressFamilyNotSupported),
        99 => nameof(SocketError.AddressNotAvailable),
        24 => nameof(SocketError.TooManyOpenSockets),
        1 or 13 => nameof(SocketError.AccessDenied),
        _ => $"errno {errno}",
    };
}
