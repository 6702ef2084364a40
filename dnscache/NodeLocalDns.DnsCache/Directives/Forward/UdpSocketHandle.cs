using Microsoft.Win32.SafeHandles;

namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>
/// A UDP descriptor of <see cref="UdpSyscalls"/>. A safe handle because ports are closed while other threads may
/// still send or receive on them: the runtime counts the calls in progress and closes the descriptor after the
/// last one, so a closed port's number, reused by the next socket, is never written to by mistake.
/// </summary>
internal sealed class UdpSocketHandle : SafeHandleMinusOneIsInvalid
{
    public UdpSocketHandle()
        : base(ownsHandle: true)
    {
    }

    public UdpSocketHandle(int fd)
        : base(ownsHandle: true) => SetHandle(fd);

    protected override bool ReleaseHandle() => UdpSyscalls.Close((int)handle) == 0;
}
