using System.Net;
using System.Net.Sockets;
using NodeLocalDns.Corefile.Configuration;

namespace NodeLocalDns.DnsCache.Directives.Bind;

/// <summary>
/// The daemon side of <c>bind</c> (its setup is in the library): which address a block's listeners bind.
/// The listeners themselves are the server's (<c>Server/UdpListener</c>, <c>Server/TcpDnsListener</c>).
/// </summary>
internal static class BindAddress
{
    /// <summary>
    /// The socket address for <paramref name="endpoint"/>: its <c>bind</c> address, or without <c>bind</c>
    /// every address through one dual-stack socket (IPv4 only where the kernel has no IPv6).
    /// </summary>
    public static IPAddress For(ListenEndpoint endpoint) => endpoint.Address ?? (Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any);
}
