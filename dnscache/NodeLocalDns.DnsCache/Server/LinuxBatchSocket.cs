using System.Runtime.InteropServices;

namespace NodeLocalDns.DnsCache.Server;

/// <summary>
/// recvmmsg(2)/sendmmsg(2) for Linux: many datagrams per system call under load, which is most of a cache
/// hit's cost. The structures are the x86-64/arm64 glibc layouts of <c>struct iovec</c>, <c>struct msghdr</c>
/// and <c>struct mmsghdr</c>.
/// </summary>
internal static unsafe partial class LinuxBatchSocket
{
    /// <summary>MSG_WAITFORONE: block for the first datagram only, then take what is queued.</summary>
    public const int MsgWaitForOne = 0x10000;

    /// <summary>MSG_TRUNC in msg_flags: the datagram was longer than the buffer.</summary>
    public const int MsgTrunc = 0x20;

    public const int Eintr = 4;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public byte* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public byte* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMmsg(nint fd, MMsgHdr* messages, uint count, int flags, nint timeout);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(nint fd, byte* buffer, nuint length, int flags, byte* address, uint addressLength);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMmsg(nint fd, MMsgHdr* messages, uint count, int flags);

    /// <summary>
    /// Sends <paramref name="count"/> datagrams with as few <c>sendmmsg</c> calls as the kernel allows; one it refuses
    /// (the client went away, an ICMP error queued on the socket) is skipped and the rest still go.
    /// </summary>
    public static void SendAll(nint fd, MMsgHdr* messages, int count)
    {
        for (var sent = 0; sent < count;)
        {
            var n = SendMmsg(fd, messages + sent, (uint)(count - sent), 0);
            sent += n <= 0 ? 1 : n;
        }
    }

    /// <summary>Whether the batch calls work here (Linux, and the C library has them).</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux()
        && (RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64)
        && Probe();

    private static bool Probe()
    {
        try
        {
            // An invalid descriptor: the call must exist and fail with EBADF.
            return SendMmsg(-1, null, 0, 0) < 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }
}
