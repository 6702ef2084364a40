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
/// flight on one connection and answers may come back out of order (RFC 7766 §6.2.1.1); a connection is closed
/// after the idle timeout without a query (§6.2.3), and when writing one answer takes longer than the write
/// timeout (a client that sends but never reads would otherwise hold its connection forever). At the connection
/// cap a new connection closes the idlest one (§6.2.3 lets a server close connections to free resources) rather
/// than being refused, so stuck clients cannot lock everyone out. Every close is counted by reason in
/// <c>dnscache_tcp_connections_closed_total</c>.
/// </summary>
internal sealed class TcpDnsListener : IAsyncDisposable
{
    /// <summary>Pipelined queries one connection may have in flight before the server stops reading from it.</summary>
    public const int MaxInFlightPerConnection = 128;

    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _writeTimeout;
    private readonly int _maxConnections;
    private readonly HashSet<TcpClientConnection> _open = [];
    private readonly Observability.Counter _closedIdle;
    private readonly Observability.Counter _closedWriteTimeout;
    private readonly Observability.Counter _closedEvicted;
    private long _lastEvictionLog = long.MinValue;
    private readonly Socket _socket;
    private readonly ListenerRoute _route;
    private readonly RequestProcessor _processor;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _ipv6;
    private Task _loop = Task.CompletedTask;

    public TcpDnsListener(
        IPEndPoint endpoint, ListenerRoute route, RequestProcessor processor, ILogger logger, TimeSpan idleTimeout, TimeSpan writeTimeout, int maxConnections)
    {
        _idleTimeout = idleTimeout;
        _writeTimeout = writeTimeout;
        _closedIdle = processor.Metrics.TcpClosed.Counter("idle");
        _closedWriteTimeout = processor.Metrics.TcpClosed.Counter("write_timeout");
        _closedEvicted = processor.Metrics.TcpClosed.Counter("evicted");
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

            var connection = new TcpClientConnection(client);
            TcpClientConnection? evict = null;
            lock (_open)
            {
                if (_open.Count >= _maxConnections)
                {
                    // The idlest: fewest answers pending first, then the longest without progress.
                    foreach (var open in _open)
                    {
                        if (evict is null || (open.Busy, open.LastActivity).CompareTo((evict.Busy, evict.LastActivity)) < 0)
                        {
                            evict = open;
                        }
                    }

                    _open.Remove(evict!);
                }

                _open.Add(connection);
            }

            if (evict is not null && evict.TryClose())
            {
                _closedEvicted.Increment();
                var now = Environment.TickCount64;
                if (now - Interlocked.Read(ref _lastEvictionLog) > 10_000)
                {
                    Interlocked.Exchange(ref _lastEvictionLog, now);
                    LogMessages.TcpConnectionEvicted(_logger, _maxConnections, _closedEvicted.Value);
                }
            }

            client.NoDelay = true;
            _ = ServeConnectionAsync(connection, token);
        }
    }

    private async Task ServeConnectionAsync(TcpClientConnection connection, CancellationToken token)
    {
        var client = connection.Socket;
        var writeLock = new SemaphoreSlim(1, 1);
        var inFlight = new List<Task>();
        var prefix = new byte[2];
        var ipv6 = false;
        try
        {
            ipv6 = _ipv6 && client.RemoteEndPoint is IPEndPoint { Address.IsIPv4MappedToIPv6: false };
            while (!token.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(token);
                idle.CancelAfter(_idleTimeout);
                bool read;
                try
                {
                    read = await ReadExactlyAsync(client, prefix, idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    if (connection.TryClose())
                    {
                        _closedIdle.Increment();
                    }

                    break;
                }

                if (!read)
                {
                    break;
                }

                var length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
                var packet = new byte[length];
                if (!await ReadExactlyAsync(client, packet, idle.Token).ConfigureAwait(false))
                {
                    break;
                }

                connection.Touch();
                inFlight.RemoveAll(t => t.IsCompleted);
                if (inFlight.Count >= MaxInFlightPerConnection)
                {
                    // Back-pressure: stop reading until one of this client's queries is answered.
                    await Task.WhenAny(inFlight).ConfigureAwait(false);
                    inFlight.RemoveAll(t => t.IsCompleted);
                }

                inFlight.Add(AnswerAsync(connection, packet, ipv6, writeLock, token));
            }

            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(connection);
            }

            connection.TryClose();
            writeLock.Dispose();
        }
    }

    private async Task AnswerAsync(TcpClientConnection connection, byte[] packet, bool ipv6, SemaphoreSlim writeLock, CancellationToken token)
    {
        var client = connection.Socket;
        var output = ArrayPool<byte>.Shared.Rent(DnsConstants.MaxMessageSize + 2);
        connection.BeginAnswer();
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
                using var write = CancellationTokenSource.CreateLinkedTokenSource(token);
                write.CancelAfter(_writeTimeout);
                try
                {
                    await client.SendAsync(output.AsMemory(0, length + 2), SocketFlags.None, write.Token).ConfigureAwait(false);
                    connection.Touch();
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    // The client stopped reading: its answers pile up and it holds a connection slot for nothing.
                    if (connection.TryClose())
                    {
                        _closedWriteTimeout.Increment();
                    }
                }
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
            connection.EndAnswer();
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
        TcpClientConnection[] open;
        lock (_open)
        {
            open = [.. _open];
        }

        foreach (var connection in open)
        {
            connection.TryClose();
        }

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
