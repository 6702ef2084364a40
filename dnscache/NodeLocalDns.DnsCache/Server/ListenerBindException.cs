using System.Net.Sockets;

namespace NodeLocalDns.DnsCache.Server;

/// <summary>A DNS listener could not bind; the message names the address, port and protocol, and says what to do.</summary>
internal sealed class ListenerBindException(string message, SocketException inner) : Exception(message, inner);
