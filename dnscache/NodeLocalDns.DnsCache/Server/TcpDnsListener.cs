using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Server;

/// <summary>
/// DNS over TCP (RFC 1035 §4.2.2, RFC 7766): 2-byte length-prefixed messages; several queries may be in
/// flight on one connection and answers may come back out of order (RFC 7766 §6.2.1.1); an idle
/// connection is closed after the idle timeout (§6.2.3); past the connection cap new connections are
/// closed at once.
/// </summary>
internal sealed class TcpDnsListener : IAsyncDisposable
{
    /// <summary>Pipelined queries one connection may have in flight before the server stops reading from it.</summary>
    public const int MaxInFlightPerConnection = 128;

    private readonly TimeSpan _idleTimeout;
    private readonly int _maxConnections;
    private readonly Socket _socket;
    private readonly ListenerRoute _route;
    private readonly RequestProcessor _processor;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _ipv6;
    private Task _loop = Task.CompletedTask;
    private int _connections;

    public TcpDnsListener(IPEndPoint endpoint, ListenerRoute route, RequestProcessor processor, ILogger logger, TimeSpan idleTimeout, int maxConnections)
    {
        _idleTimeout = idleTimeout;
        _maxConnections = maxConnections;
        _route = route;
        _processor = processor;
        _logger = logger;
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endpoint.Address.Equals(IPAddress.IPv6Any))
        {
            _socket.DualMode = true;
        }

        ReusePort.Share(_socket);
        try
        {
            _socket.Bind(endpoint);
            _socket.Listen(512);
        }
        catch (SocketException e)
        {
            _socket.Dispose();
            throw new ListenerBindException(ReusePort.Explain(endpoint, "tcp", e), e);
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _ipv6 = endpoint.AddressFamily == AddressFamily.InterNetworkV6;
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Start() => _loop = Task.Run(AcceptLoopAsync);

    /// <summary>Sends new connections of the port to the instance that replaces this one (see <see cref="ReusePort.SteerAway"/>).</summary>
    public bool SteerAway() => ReusePort.SteerAway(_socket);

    private async Task AcceptLoopAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                continue;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (Interlocked.Increment(ref _connections) > _maxConnections)
            {
                Interlocked.Decrement(ref _connections);
                LogMessages.TcpConnectionCapReached(_logger, _maxConnections, _maxConnections);
                client.Dispose();
                continue;
            }

            client.NoDelay = true;
            _ = ServeConnectionAsync(client, token);
        }
    }

    private async Task ServeConnectionAsync(Socket client, CancellationToken token)
    {
        var writeLock = new SemaphoreSlim(1, 1);
        var inFlight = new List<Task>();
        var prefix = new byte[2];
        var ipv6 = _ipv6 && client.RemoteEndPoint is IPEndPoint { Address.IsIPv4MappedToIPv6: false };
        try
        {
            while (!token.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(token);
                idle.CancelAfter(_idleTimeout);
                if (!await ReadExactlyAsync(client, prefix, idle.Token).ConfigureAwait(false))
                {
                    break;
                }

                var length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
                var packet = new byte[length];
                if (!await ReadExactlyAsync(client, packet, idle.Token).ConfigureAwait(false))
                {
                    break;
                }

                inFlight.RemoveAll(t => t.IsCompleted);
                if (inFlight.Count >= MaxInFlightPerConnection)
                {
                    // Back-pressure: stop reading until one of this client's queries is answered.
                    await Task.WhenAny(inFlight).ConfigureAwait(false);
                    inFlight.RemoveAll(t => t.IsCompleted);
                }

                inFlight.Add(AnswerAsync(client, packet, ipv6, writeLock, token));
            }

            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
            client.Dispose();
            writeLock.Dispose();
        }
    }

    private async Task AnswerAsync(Socket client, byte[] packet, bool ipv6, SemaphoreSlim writeLock, CancellationToken token)
    {
        var output = ArrayPool<byte>.Shared.Rent(DnsConstants.MaxMessageSize + 2);
        try
        {
            var body = output.AsMemory(2, DnsConstants.MaxMessageSize);
            var length = _processor.ProcessFast(_route, packet, body.Span, tcp: true, ipv6, out var localTried);
            if (length == 0)
            {
                length = await _processor.ProcessSlowAsync(_route, packet, body, true, ipv6, client.RemoteEndPoint, localTried, token).ConfigureAwait(false);
            }

            if (length <= 0)
            {
                return;
            }

            BinaryPrimitives.WriteUInt16BigEndian(output, (ushort)length);
            await writeLock.WaitAsync(token).ConfigureAwait(false);
            try
            {
                await client.SendAsync(output.AsMemory(0, length + 2), SocketFlags.None, token).ConfigureAwait(false);
            }
            finally
            {
                writeLock.Release();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        catch (Exception e)
        {
            _processor.Metrics.Panics.Counter().Increment();
            LogMessages.HandlerCrashed(_logger, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    private static async ValueTask<bool> ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken token)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, token).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stop.Dispose();
    }
}
