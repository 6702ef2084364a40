using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Server;

/// <summary>
/// One UDP socket served by dedicated receive threads (one per core, at most four) doing blocking
/// <c>recvfrom</c>/<c>sendto</c> with <see cref="SocketAddress"/>: a cache hit costs two system calls and no
/// allocation, with none of the async machinery's per-operation overhead. Every operation on the socket
/// is synchronous, so it stays a plain blocking socket. Queries that need an upstream are copied out and
/// answered asynchronously, bounded in number; their answers are sent with a synchronous <c>sendto</c>.
/// </summary>
internal sealed class UdpListener : IAsyncDisposable
{
    private const int MaxPending = 10_000;
    private readonly Socket _socket;
    private readonly ListenerRoute _route;
    private readonly RequestProcessor _processor;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _ipv6;
    private readonly List<Thread> _threads = [];
    private int _pending;

    public UdpListener(IPEndPoint endpoint, ListenerRoute route, RequestProcessor processor, ILogger logger)
    {
        _route = route;
        _processor = processor;
        _logger = logger;
        _socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (endpoint.Address.Equals(IPAddress.IPv6Any))
        {
            _socket.DualMode = true;
        }

        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.Bind(endpoint);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _ipv6 = endpoint.AddressFamily == AddressFamily.InterNetworkV6 && !endpoint.Address.Equals(IPAddress.IPv6Any);
    }

    /// <summary>The bound endpoint (the real port when bound to port 0).</summary>
    public IPEndPoint LocalEndPoint { get; }

    public ListenerRoute Route => _route;

    public void Start()
    {
        var count = Math.Clamp(Environment.ProcessorCount, 1, 4);
        for (var i = 0; i < count; i++)
        {
            var thread = new Thread(ReceiveLoop) { IsBackground = true, Name = $"udp {LocalEndPoint} #{i}" };
            _threads.Add(thread);
            thread.Start();
        }
    }

    private void ReceiveLoop()
    {
        var receive = new byte[DnsConstants.MaxMessageSize];
        var send = new byte[DnsConstants.MaxUdpSize];
        var address = new SocketAddress(_socket.AddressFamily);
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            int received;
            try
            {
                received = _socket.ReceiveFrom(receive, SocketFlags.None, address);
            }
            catch (SocketException e) when (!token.IsCancellationRequested && e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize or SocketError.NetworkReset or SocketError.HostUnreachable)
            {
                continue;
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                return;
            }

            try
            {
                var length = _processor.ProcessFast(_route, receive.AsSpan(0, received), send, tcp: false, _ipv6 || IsV6Client(address), out var localTried);
                if (length > 0)
                {
                    _socket.SendTo(send.AsSpan(0, length), SocketFlags.None, address);
                }
                else if (length == 0 && Interlocked.Increment(ref _pending) <= MaxPending)
                {
                    var packet = receive.AsSpan(0, received).ToArray();
                    var client = new SocketAddress(address.Family, address.Size);
                    address.Buffer.CopyTo(client.Buffer);
                    _ = AnswerSlowAsync(packet, client, localTried, token);
                }
                else if (length == 0)
                {
                    Interlocked.Decrement(ref _pending);
                }
            }
            catch (SocketException)
            {
                // The client went away (ICMP unreachable on send): nothing to do.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception e)
            {
                _processor.Metrics.Panics.Counter().Increment();
                Log.HandlerCrashed(_logger, e);
            }
        }
    }

    private async Task AnswerSlowAsync(byte[] packet, SocketAddress client, bool localTried, CancellationToken token)
    {
        var output = ArrayPool<byte>.Shared.Rent(DnsConstants.MaxUdpSize);
        try
        {
            var endpoint = new IPEndPoint(client.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(client);
            var length = await _processor.ProcessSlowAsync(_route, packet, output.AsMemory(0, DnsConstants.MaxUdpSize), false, _ipv6 || IsV6Client(client), endpoint, localTried, token).ConfigureAwait(false);
            if (length > 0)
            {
                _socket.SendTo(output.AsSpan(0, length), SocketFlags.None, client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        catch (Exception e)
        {
            _processor.Metrics.Panics.Counter().Increment();
            Log.HandlerCrashed(_logger, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
            Interlocked.Decrement(ref _pending);
        }
    }

    // On a dual-stack socket IPv4 clients arrive as ::ffff:a.b.c.d; CoreDNS's family label says "1" for them.
    private static bool IsV6Client(SocketAddress address)
    {
        if (address.Family != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var b = address.Buffer.Span;

        // sockaddr_in6: family(2) port(2) flowinfo(4) addr(16); a mapped address has ten zero bytes then 0xffff.
        return !(b[8..18].IndexOfAnyExcept((byte)0) < 0 && b[18] == 0xFF && b[19] == 0xFF);
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();

        // Closing the socket wakes the threads blocked in recvfrom.
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }

        _socket.Dispose();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(2));
        }

        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
