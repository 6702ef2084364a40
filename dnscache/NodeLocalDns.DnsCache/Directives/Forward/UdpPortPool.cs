using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using NodeLocalDns.DnsCache.Server;

namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>
/// The UDP source ports of one upstream. Queries go out on <see cref="ActivePorts"/> ports in use at a time, each
/// a <see cref="UdpSourcePort"/> that carries at most <see cref="UdpSourcePort.Capacity"/> queries and takes new ones
/// for at most <see cref="PortLifetime"/>; then a fresh socket on a new random port (RFC 5452 §9.2, RFC 6056) takes
/// its place. Until issue 13 four sockets carried every query for 10 s, hundreds of queries per port: a forger who
/// learnt one port had only the 16-bit ID left to guess. One thread waits on all the ports with <c>epoll</c>, hands
/// each answer to its query, and every <see cref="SweepInterval"/> fails queries past their deadline and closes
/// ports that are done.
/// </summary>
internal sealed class UdpPortPool : IDisposable
{
    /// <summary>Ports taking queries at a time, so concurrent queries spread over several ports.</summary>
    public const int ActivePorts = 8;

    /// <summary>How long one port takes new queries, so a quiet upstream's ports change too.</summary>
    public static readonly TimeSpan PortLifetime = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(100);

    // Datagrams per recvmmsg, and the room for each: a whole UDP payload, since an upstream may answer with more
    // than the EDNS size we advertise (only the pages a datagram touches become resident).
    private const int BatchSize = 16;
    private const int BufferSize = 65535;
    private const int MsgDontWait = 0x40;
    private static readonly long LifetimeMs = (long)PortLifetime.TotalMilliseconds;

    private readonly IPEndPoint _remote;
    private readonly string _remoteName;
    private readonly Action<bool> _opened;
    private readonly UdpSourcePort?[] _active = new UdpSourcePort?[ActivePorts];
    private readonly Lock _gate = new();
    private readonly Stack<int> _freeIndexes = new();
    private readonly int _epoll;
    private readonly Thread _loop;
    private UdpSourcePort?[] _table = new UdpSourcePort?[64];
    private int _tableUsed;
    private uint _generation;
    private long _discarded;
    private volatile bool _disposed;

    /// <param name="remote">The upstream.</param>
    /// <param name="opened">Called for every query with whether it took a new port (true) or one in use (the conn_cache metrics).</param>
    public UdpPortPool(IPEndPoint remote, Action<bool> opened)
    {
        _remote = remote;
        _remoteName = remote.ToString();
        _opened = opened;
        _epoll = UdpSyscalls.CreateEpoll();
        _loop = new Thread(ReceiveLoop) { IsBackground = true, Name = $"upstream {remote}" };
        _loop.Start();
    }

    /// <summary>Answers dropped because no query waited for their ID and question.</summary>
    public long Discarded => Interlocked.Read(ref _discarded);

    /// <summary>Ports open (taking queries, or waiting for the answers of the queries they carried).</summary>
    public int OpenPorts
    {
        get
        {
            lock (_gate)
            {
                return _tableUsed - _freeIndexes.Count;
            }
        }
    }

    /// <summary>
    /// Registers <paramref name="waiter"/> on a port under a fresh random ID, writes the ID into <paramref name="query"/>
    /// and sends it; the waiter is completed or failed later (on this thread at once when the send fails).
    /// </summary>
    public void Send(UpstreamWaiter waiter, Span<byte> query)
    {
        var now = Environment.TickCount64;
        var index = Random.Shared.Next(ActivePorts);
        var port = Volatile.Read(ref _active[index]);
        int slot;
        var fresh = false;
        while (port is null || (slot = port.TryReserve(now, LifetimeMs)) < 0)
        {
            port = Replace(index, port, out var error);
            if (port is null)
            {
                _opened(true);
                waiter.Fail(new UpstreamException($"udp {_remoteName}: {error}"));
                return;
            }

            fresh = true;
        }

        _opened(fresh);
        var id = port.Register(slot, waiter);
        BinaryPrimitives.WriteUInt16BigEndian(query, id);
        string? failure = null;
        try
        {
            unsafe
            {
                fixed (byte* q = query)
                {
                    if (UdpSyscalls.Send(port.Handle, q, (nuint)query.Length, 0) < 0)
                    {
                        failure = UdpSyscalls.ErrorName(Marshal.GetLastPInvokeError());
                    }
                }
            }
        }
        catch (ObjectDisposedException)
        {
            failure = "closed";
        }

        if (failure is not null && port.TryTake(slot, waiter))
        {
            waiter.Fail(new UpstreamException($"udp {_remoteName}: {failure}"));
        }
    }

    /// <summary>
    /// Sends <paramref name="query"/> (a random ID is written into it) and waits for the answer with that ID and
    /// question: the asynchronous path's exchange. With <paramref name="exactCase"/> the question must come back
    /// spelt as sent (0x20).
    /// </summary>
    public async Task<byte[]> ExchangeAsync(Memory<byte> query, TimeSpan timeout, bool exactCase, CancellationToken cancellationToken)
    {
        // Continuations run on the receive thread: answering a miss there saves a thread-pool hop per query.
        var tcs = new TaskCompletionSource<byte[]>();
        var pending = new PendingQuery(tcs, QuestionOf(query.Span), Environment.TickCount64 + (long)timeout.TotalMilliseconds) { ExactCase = exactCase };
        pending.Start();
        Send(pending, query.Span);

        // No timer per query: the sweep fails queries past their deadline. A cancelled wait leaves the registration
        // to the sweep.
        return cancellationToken.CanBeCanceled
            ? await tcs.Task.WaitAsync(cancellationToken).ConfigureAwait(false)
            : await tcs.Task.ConfigureAwait(false);
    }

    // The question as sent: name, type and class.
    private static byte[] QuestionOf(ReadOnlySpan<byte> query)
    {
        var end = NodeLocalDns.DnsCache.Protocol.WireName.Skip(query, 12);
        return end < 0 || end + 4 > query.Length ? [] : query[12..(end + 4)].ToArray();
    }

    // Puts a new port in active slot `index` unless another thread did already; returns the port now there, or null
    // (with the error) when no socket could be opened.
    private UdpSourcePort? Replace(int index, UdpSourcePort? current, out string? error)
    {
        error = null;
        lock (_gate)
        {
            var there = _active[index];
            if (!ReferenceEquals(there, current) && there is not null)
            {
                return there;
            }

            if (_disposed)
            {
                error = "closed";
                return null;
            }

            var tableIndex = _freeIndexes.Count > 0 ? _freeIndexes.Pop() : _tableUsed++;
            if (tableIndex == _table.Length)
            {
                var grown = new UdpSourcePort?[_table.Length * 2];
                _table.CopyTo(grown, 0);
                Volatile.Write(ref _table, grown);
            }

            var generation = ++_generation;
            var handle = UdpSyscalls.OpenConnected(_remote, _epoll, ((ulong)generation << 32) | (uint)tableIndex, out error);
            if (handle is null)
            {
                _freeIndexes.Push(tableIndex);
                return null;
            }

            var port = new UdpSourcePort(handle, tableIndex, generation, Environment.TickCount64);
            Volatile.Write(ref _table[tableIndex], port);
            Volatile.Write(ref _active[index], port);
            return port;
        }
    }

    private unsafe void ReceiveLoop()
    {
        const int MaxEvents = 64;
        var eventSize = UdpSyscalls.EpollEventSize;
        var dataOffset = UdpSyscalls.EpollDataOffset;
        var events = stackalloc byte[MaxEvents * eventSize];
        var buffers = (byte*)NativeMemory.Alloc(BatchSize * (nuint)BufferSize);
        var iov = stackalloc LinuxBatchSocket.IoVec[BatchSize];
        var messages = stackalloc LinuxBatchSocket.MMsgHdr[BatchSize];
        var lastSweep = Environment.TickCount64;
        try
        {
            while (!_disposed)
            {
                var ready = UdpSyscalls.EpollWait(_epoll, events, MaxEvents, (int)SweepInterval.TotalMilliseconds);
                for (var i = 0; i < ready; i++)
                {
                    var data = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(events + (i * eventSize) + dataOffset, 8));
                    var table = Volatile.Read(ref _table);
                    var tableIndex = (int)(uint)data;
                    var port = tableIndex < table.Length ? Volatile.Read(ref table[tableIndex]) : null;

                    // A port closed since the event was queued (its number may already name a newer port).
                    if (port is not null && port.Generation == (uint)(data >> 32))
                    {
                        Drain(port, buffers, iov, messages);
                    }
                }

                var now = Environment.TickCount64;
                if (now - lastSweep >= SweepInterval.TotalMilliseconds)
                {
                    lastSweep = now;
                    Sweep(now);
                }
            }
        }
        finally
        {
            NativeMemory.Free(buffers);
        }
    }

    // Reads what the port has queued, up to BatchSize datagrams per recvmmsg (level-triggered: anything left is
    // reported again by the next epoll_wait).
    private unsafe void Drain(UdpSourcePort port, byte* buffers, LinuxBatchSocket.IoVec* iov, LinuxBatchSocket.MMsgHdr* messages)
    {
        var added = false;
        try
        {
            port.Handle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        // The clients these answers complete are answered together when the port is drained (UdpReplyBatch).
        var replies = UdpReplyBatch.Begin();
        try
        {
            var fd = port.Handle.DangerousGetHandle();
            int received;
            do
            {
                for (var i = 0; i < BatchSize; i++)
                {
                    iov[i] = new LinuxBatchSocket.IoVec { Base = buffers + (i * BufferSize), Length = BufferSize };
                    messages[i] = default;
                    messages[i].Header.Iov = &iov[i];
                    messages[i].Header.IovLength = 1;
                }

                received = LinuxBatchSocket.RecvMmsg(fd, messages, BatchSize, MsgDontWait, 0);
                if (received < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == UdpSyscalls.EIntr)
                    {
                        received = BatchSize;
                        continue;
                    }

                    if (errno != UdpSyscalls.EAgain)
                    {
                        // An ICMP error for one of this port's datagrams (port unreachable: nobody listens there).
                        // Fail whoever waits on this port now rather than at the timeout.
                        var name = UdpSyscalls.ErrorName(errno);
                        port.FailAll(() => new UpstreamException($"udp {_remoteName}: {name}"));
                    }

                    return;
                }

                for (var i = 0; i < received; i++)
                {
                    // A datagram longer than the buffer (more than any EDNS size we advertise) is cut: not an answer.
                    if ((messages[i].Header.Flags & LinuxBatchSocket.MsgTrunc) != 0 ||
                        !port.Dispatch(new ReadOnlySpan<byte>(buffers + (i * BufferSize), (int)messages[i].Length)))
                    {
                        Interlocked.Increment(ref _discarded);
                    }
                }
            }
            while (received == BatchSize);
        }
        finally
        {
            replies?.End();
            if (added)
            {
                port.Handle.DangerousRelease();
            }
        }

        if (port.InFlight == 0)
        {
            // Its last answer: a full port closes now rather than at the next sweep, so a busy upstream keeps a
            // handful of descriptors open, not the hundreds of ports used in a sweep interval.
            TryRetire(port, Environment.TickCount64);
        }
    }

    // Fails queries past their deadline, and closes the ports that take no new query and wait for nothing.
    private void Sweep(long now)
    {
        var table = Volatile.Read(ref _table);
        for (var i = 0; i < table.Length; i++)
        {
            var port = Volatile.Read(ref table[i]);
            if (port is null)
            {
                continue;
            }

            port.Sweep(now, _remoteName);
            TryRetire(port, now);
        }
    }

    // Closes the port if it is done (see UdpSourcePort.TryClose) and frees its place.
    private void TryRetire(UdpSourcePort port, long now)
    {
        if (!port.TryClose(now, LifetimeMs))
        {
            return;
        }

        lock (_gate)
        {
            _table[port.Index] = null;
            _freeIndexes.Push(port.Index);
            for (var a = 0; a < _active.Length; a++)
            {
                if (ReferenceEquals(_active[a], port))
                {
                    _active[a] = null;
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        if (Thread.CurrentThread != _loop)
        {
            // The receive thread wakes at least every sweep interval and sees the flag.
            _loop.Join(TimeSpan.FromSeconds(2));
        }

        UdpSourcePort?[] table;
        lock (_gate)
        {
            table = _table;
            Array.Clear(_active);
        }

        foreach (var port in table)
        {
            if (port is not null)
            {
                port.ForceClose();
                port.FailAll(() => new UpstreamException("the upstream socket was closed"));
            }
        }

        UdpSyscalls.Close(_epoll);
    }
}
