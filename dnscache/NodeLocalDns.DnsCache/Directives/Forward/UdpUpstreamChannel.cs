using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace NodeLocalDns.DnsCache.Directives.Forward;

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
    public const int MaxQueries = 20_000;

    private readonly Socket _socket;
    private readonly IPEndPoint _remote;
    private readonly ConcurrentDictionary<ushort, UpstreamWaiter> _pending = new();
    private readonly long _created = Environment.TickCount64;
    private readonly Thread _loop;
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(100);
    private readonly Timer _sweeper;
    private int _queries;
    private long _discarded;
    private volatile bool _disposed;

    public UdpUpstreamChannel(IPEndPoint upstream)
    {
        _socket = new Socket(upstream.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Connect(upstream);
        _remote = upstream;

        // A dedicated thread in blocking recv: no epoll round trip or thread-pool hop per answer. Every
        // operation on the socket is synchronous, so it stays a blocking socket.
        _loop = new Thread(ReceiveLoop) { IsBackground = true, Name = $"upstream {upstream}" };
        _loop.Start();
        _sweeper = new Timer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    /// <summary>Too old or too used: take a new channel for new queries.</summary>
    public bool IsRetired => _disposed || Volatile.Read(ref _queries) >= MaxQueries || Environment.TickCount64 - _created > MaxAge.TotalMilliseconds;

    public int InFlight => _pending.Count;

    /// <summary>Sends <paramref name="query"/> with a fresh random ID written into it and waits for the answer with that ID.</summary>
    public async Task<byte[]> ExchangeAsync(Memory<byte> query, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Continuations run on the receive loop: answering a miss there saves a thread-pool hop per query.
        var tcs = new TaskCompletionSource<byte[]>();
        var pending = new PendingQuery(tcs, QuestionOf(query.Span), Environment.TickCount64 + (long)timeout.TotalMilliseconds);
        pending.Start();
        var id = Send(pending, query.Span);
        try
        {
            // No timer per query: the channel's sweeper fails queries past their deadline.
            return cancellationToken.CanBeCanceled
                ? await tcs.Task.WaitAsync(cancellationToken).ConfigureAwait(false)
                : await tcs.Task.ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(new KeyValuePair<ushort, UpstreamWaiter>(id, pending));
        }
    }

    /// <summary>
    /// Registers <paramref name="waiter"/> under a fresh random ID, writes the ID into <paramref name="query"/> and
    /// sends it; the waiter is completed or failed later (a failed send fails it at once). Returns the ID.
    /// </summary>
    public ushort Send(UpstreamWaiter waiter, Span<byte> query)
    {
        Interlocked.Increment(ref _queries);
        ushort id;
        do
        {
            id = RandomIds.Next();
        }
        while (!_pending.TryAdd(id, waiter));

        BinaryPrimitives.WriteUInt16BigEndian(query, id);
        try
        {
            _socket.Send(query, SocketFlags.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            if (_pending.TryRemove(new KeyValuePair<ushort, UpstreamWaiter>(id, waiter)))
            {
                waiter.Fail(new UpstreamException($"udp {_remote}: {(e as SocketException)?.SocketErrorCode.ToString() ?? "closed"}", e));
            }
        }

        return id;
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[65535];
        while (!_disposed)
        {
            int received;
            try
            {
                received = _socket.Receive(buffer, SocketFlags.None);
            }
            catch (SocketException e) when (!_disposed && e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.HostUnreachable or SocketError.NetworkUnreachable)
            {
                // ICMP unreachable for one of our datagrams: nobody listens there. Fail whoever waits now.
                FailAll(new UpstreamException($"udp {_remote}: {e.SocketErrorCode}", e));
                continue;
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                FailAll(new UpstreamException("the upstream socket was closed"));
                return;
            }

            Dispatch(buffer.AsSpan(0, received));
        }
    }

    // RFC 5452 §9.1: only an answer with our ID *and* our question is the answer; anything else (a guess at the
    // ID, a stray) is dropped and the query keeps waiting for the real one.
    private void Dispatch(ReadOnlySpan<byte> answer)
    {
        if (answer.Length >= 12 && _pending.TryGetValue(BinaryPrimitives.ReadUInt16BigEndian(answer), out var waiter) &&
            QuestionMatches(answer, waiter.Question) &&
            _pending.TryRemove(new KeyValuePair<ushort, UpstreamWaiter>(BinaryPrimitives.ReadUInt16BigEndian(answer), waiter)))
        {
            waiter.Complete(answer);
        }
        else
        {
            Interlocked.Increment(ref _discarded);
        }
    }

    private void FailAll(Exception e)
    {
        foreach (var (id, pending) in _pending)
        {
            if (_pending.TryRemove(id, out _))
            {
                pending.Fail(e as UpstreamException ?? new UpstreamException(e.Message, e));
            }
        }
    }

    // Fails the queries whose deadline passed (to within the sweep interval).
    private void Sweep()
    {
        var now = Environment.TickCount64;
        foreach (var (id, pending) in _pending)
        {
            if (pending.Deadline <= now && _pending.TryRemove(new KeyValuePair<ushort, UpstreamWaiter>(id, pending)))
            {
                pending.Fail(new UpstreamException($"read udp {_remote}: i/o timeout") { TimedOut = true });
            }
        }
    }

    /// <summary>Datagrams dropped because no query waited for their ID and question.</summary>
    public long Discarded => Interlocked.Read(ref _discarded);

    // The question we sent: the lower-case name as written by QueryBuilder, then type and class.
    private static byte[] QuestionOf(ReadOnlySpan<byte> query)
    {
        var end = NodeLocalDns.DnsCache.Protocol.WireName.Skip(query, 12);
        return end < 0 || end + 4 > query.Length ? [] : query[12..(end + 4)].ToArray();
    }

    private static bool QuestionMatches(ReadOnlySpan<byte> answer, ReadOnlySpan<byte> question)
    {
        if (question.IsEmpty || BinaryPrimitives.ReadUInt16BigEndian(answer[4..]) != 1)
        {
            return false;
        }

        Span<byte> name = stackalloc byte[NodeLocalDns.DnsCache.Protocol.DnsConstants.MaxNameLength];
        var length = NodeLocalDns.DnsCache.Protocol.WireName.ReadLower(answer, 12, name, out var next);
        return length > 0 && length == question.Length - 4 && next + 4 <= answer.Length &&
               name[..length].SequenceEqual(question[..length]) && answer.Slice(next, 4).SequenceEqual(question[length..]);
    }

    public void Dispose()
    {
        _disposed = true;
        _sweeper.Dispose();
        try
        {
            // Wakes the thread blocked in recv (a connected UDP socket).
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }

        _loop.Join(TimeSpan.FromSeconds(2));
        _socket.Dispose();
        FailAll(new UpstreamException("the upstream socket was closed"));
    }
}
