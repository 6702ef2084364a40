using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace NodeLocalDns.DnsCache.Forwarding;

/// <summary>
/// A connected UDP socket to one upstream shared by many queries, each told apart by its random ID
/// (RFC 5452 §4.2): one receive loop hands every answer to the query waiting for its ID. The connect
/// makes the kernel drop datagrams from any other address (§9.2 "answers from an address we did not
/// ask"). A channel is retired after <see cref="MaxAge"/> or <see cref="MaxQueries"/> so that the source
/// port keeps changing (§9.2 port randomisation), as CoreDNS rotates its cached upstream sockets.
/// </summary>
internal sealed class UdpUpstreamChannel : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);
    public const int MaxQueries = 5000;

    private readonly Socket _socket;
    private readonly ConcurrentDictionary<ushort, TaskCompletionSource<byte[]>> _pending = new();
    private readonly long _created = Environment.TickCount64;
    private readonly Task _loop;
    private int _queries;
    private volatile bool _disposed;

    public UdpUpstreamChannel(IPEndPoint upstream)
    {
        _socket = new Socket(upstream.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Connect(upstream);
        _loop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Too old or too used: take a new channel for new queries.</summary>
    public bool IsRetired => _disposed || Volatile.Read(ref _queries) >= MaxQueries || Environment.TickCount64 - _created > MaxAge.TotalMilliseconds;

    public int Pending => _pending.Count;

    /// <summary>Sends <paramref name="query"/> with a fresh random ID written into it and waits for the answer with that ID.</summary>
    public async Task<byte[]> ExchangeAsync(Memory<byte> query, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _queries);
        // Continuations run on the receive loop: answering a miss there saves a thread-pool hop per query.
        var tcs = new TaskCompletionSource<byte[]>();
        ushort id;
        do
        {
            id = RandomIds.Next();
        }
        while (!_pending.TryAdd(id, tcs));

        try
        {
            BinaryPrimitives.WriteUInt16BigEndian(query.Span, id);
            await _socket.SendAsync(query, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            return await tcs.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new UpstreamException($"read udp {_socket.RemoteEndPoint}: i/o timeout", e);
        }
        catch (SocketException e)
        {
            throw new UpstreamException($"udp {_socket.RemoteEndPoint}: {e.SocketErrorCode}", e);
        }
        finally
        {
            _pending.TryRemove(new KeyValuePair<ushort, TaskCompletionSource<byte[]>>(id, tcs));
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65535];
        while (!_disposed)
        {
            int received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
            }
            catch (SocketException e) when (!_disposed && e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.HostUnreachable or SocketError.NetworkUnreachable)
            {
                // ICMP unreachable for one of our datagrams: nobody listens there. Fail whoever waits now.
                FailAll(new UpstreamException($"udp {_socket.RemoteEndPoint}: {e.SocketErrorCode}", e));
                continue;
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                FailAll(new UpstreamException("the upstream socket was closed"));
                return;
            }

            if (received >= 2 && _pending.TryRemove(BinaryPrimitives.ReadUInt16BigEndian(buffer), out var tcs))
            {
                tcs.TrySetResult(buffer.AsSpan(0, received).ToArray());
            }
        }
    }

    private void FailAll(Exception e)
    {
        foreach (var (id, tcs) in _pending)
        {
            if (_pending.TryRemove(id, out _))
            {
                tcs.TrySetException(e);
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
        _ = _loop;
    }
}
