using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Server;

/// <summary>
/// One UDP socket served by dedicated receive threads (one per core, at most four) doing blocking
/// <c>recvfrom</c>/<c>sendto</c> with <see cref="SocketAddress"/>: a cache hit costs two system calls and no
/// allocation, with none of the async machinery's per-operation overhead. Every operation on the socket
/// is synchronous, so it stays a plain blocking socket. Queries that need an upstream are copied out and
/// answered later, bounded in number (on Linux most by the synchronous miss path, see
/// <see cref="RequestProcessor.ProcessFast(ListenerRoute, ReadOnlySpan{byte}, Span{byte}, bool, bool, out bool, UdpListener?, ReadOnlySpan{byte})"/>);
/// their answers are sent with a synchronous <c>sendto</c>.
/// One client (an address; clients are counted in <see cref="ClientBuckets"/> hashed buckets) may hold at most an
/// eighth of the pending slots, so a client flooding a silent zone cannot crowd out every other client's misses.
/// </summary>
internal sealed class UdpListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly ListenerRoute _route;
    private readonly RequestProcessor _processor;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _ipv6;
    private readonly List<Thread> _threads = [];
    private const int ClientBuckets = 4096;
    private readonly int _maxPending;
    private readonly int _maxPendingPerClient;
    private readonly int[] _pendingByClient = new int[ClientBuckets];
    private int _pending;

    public UdpListener(IPEndPoint endpoint, ListenerRoute route, RequestProcessor processor, ILogger logger, int maxPending)
    {
        _maxPending = maxPending;
        _maxPendingPerClient = Math.Max(1, maxPending / 8);
        _route = route;
        _processor = processor;
        _logger = logger;
        _socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (endpoint.Address.Equals(IPAddress.IPv6Any))
        {
            _socket.DualMode = true;
        }

        _socket.ReceiveBufferSize = 4 * 1024 * 1024;

        // During a surge rollout the new pod binds the same address beside the old one and both answer
        // until the old one stops (kubernetes/dns#667).
        ReusePort.Share(_socket);
        try
        {
            _socket.Bind(endpoint);
        }
        catch (SocketException e)
        {
            _socket.Dispose();
            throw new ListenerBindException(ReusePort.Explain(endpoint, "udp", e), e);
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _ipv6 = endpoint.AddressFamily == AddressFamily.InterNetworkV6 && !endpoint.Address.Equals(IPAddress.IPv6Any);
    }

    /// <summary>The bound endpoint (the real port when bound to port 0).</summary>
    public IPEndPoint LocalEndPoint { get; }

    public ListenerRoute Route => _route;

    /// <summary>Sends new datagrams of the port to the instance that replaces this one (see <see cref="ReusePort.SteerAway"/>).</summary>
    public bool SteerAway() => ReusePort.SteerAway(_socket);

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
        if (LinuxBatchSocket.IsSupported)
        {
            BatchReceiveLoop();
            return;
        }


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
            catch (SocketException e) when (!token.IsCancellationRequested
                && e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize
                    or SocketError.NetworkReset or SocketError.HostUnreachable)
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
                else if (length == 0 && TryReservePending(address.Buffer.Span, out var bucket))
                {
                    var packet = receive.AsSpan(0, received).ToArray();
                    var client = new SocketAddress(address.Family, address.Size);
                    address.Buffer.CopyTo(client.Buffer);
                    _ = AnswerSlowAsync(packet, client, localTried, bucket, token);
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
                LogMessages.HandlerCrashed(_logger, e);
            }
        }
    }

    // Linux: up to BatchSize datagrams per recvmmsg and all fast answers in one sendmmsg.
    private unsafe void BatchReceiveLoop()
    {
        const int BatchSize = 32;
        const int SlotSize = DnsConstants.MaxUdpSize;
        const int NameSize = 128;
        var token = _stop.Token;
        var fd = _socket.SafeHandle.DangerousGetHandle();
        var receive = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc(BatchSize * SlotSize);
        var send = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc(BatchSize * SlotSize);
        var names = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(BatchSize * NameSize);
        var receiveIov = stackalloc LinuxBatchSocket.IoVec[BatchSize];
        var sendIov = stackalloc LinuxBatchSocket.IoVec[BatchSize];
        var receiveMessages = stackalloc LinuxBatchSocket.MMsgHdr[BatchSize];
        var sendMessages = stackalloc LinuxBatchSocket.MMsgHdr[BatchSize];
        try
        {
            while (!token.IsCancellationRequested)
            {
                for (var i = 0; i < BatchSize; i++)
                {
                    receiveIov[i] = new LinuxBatchSocket.IoVec { Base = receive + (i * SlotSize), Length = SlotSize };
                    receiveMessages[i] = default;
                    receiveMessages[i].Header.Name = names + (i * NameSize);
                    receiveMessages[i].Header.NameLength = NameSize;
                    receiveMessages[i].Header.Iov = &receiveIov[i];
                    receiveMessages[i].Header.IovLength = 1;
                }

                var received = LinuxBatchSocket.RecvMmsg(fd, receiveMessages, BatchSize, LinuxBatchSocket.MsgWaitForOne, 0);
                if (received <= 0)
                {
                    if (token.IsCancellationRequested
                        || (received < 0 && Marshal.GetLastPInvokeError() != LinuxBatchSocket.Eintr
                            && !_socket.SafeHandle.IsInvalid && _socket.SafeHandle.IsClosed))
                    {
                        return;
                    }

                    continue;
                }

                var answers = 0;
                for (var i = 0; i < received; i++)
                {
                    ref var message = ref receiveMessages[i];
                    var packet = new ReadOnlySpan<byte>(receive + (i * SlotSize), (int)message.Length);
                    var name = new ReadOnlySpan<byte>(message.Header.Name, (int)message.Header.NameLength);
                    if ((message.Header.Flags & LinuxBatchSocket.MsgTrunc) != 0)
                    {
                        packet = packet[..Math.Min(packet.Length, 11)];
                    }

                    try
                    {
                        var output = new Span<byte>(send + (answers * SlotSize), SlotSize);
                        var length = _processor.ProcessFast(_route, packet, output, tcp: false, _ipv6 || IsV6Client(name), out var localTried, this, name);
                        if (length > 0)
                        {
                            sendIov[answers] = new LinuxBatchSocket.IoVec { Base = send + (answers * SlotSize), Length = (nuint)length };
                            sendMessages[answers] = default;
                            sendMessages[answers].Header.Name = message.Header.Name;
                            sendMessages[answers].Header.NameLength = message.Header.NameLength;
                            sendMessages[answers].Header.Iov = &sendIov[answers];
                            sendMessages[answers].Header.IovLength = 1;
                            answers++;
                        }
                        else if (length == 0 && TryReservePending(name, out var bucket))
                        {
                            var client = new SocketAddress(
                                name.Length > 2 && name[0] == 10 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, name.Length);
                            name.CopyTo(client.Buffer.Span);
                            _ = AnswerSlowAsync(packet.ToArray(), client, localTried, bucket, token);
                        }
                    }
                    catch (Exception e)
                    {
                        _processor.Metrics.Panics.Counter().Increment();
                        LogMessages.HandlerCrashed(_logger, e);
                    }
                }

                LinuxBatchSocket.SendAll(fd, sendMessages, answers);
            }
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.Free(receive);
            System.Runtime.InteropServices.NativeMemory.Free(send);
            System.Runtime.InteropServices.NativeMemory.Free(names);
        }
    }

    /// <summary>
    /// Sends <paramref name="answer"/> to the client at the native <paramref name="sockaddr"/> (one sendto, or with the
    /// thread's <see cref="UdpReplyBatch"/> when one is open; a failure means the client went away).
    /// </summary>
    public unsafe void SendTo(ReadOnlySpan<byte> answer, ReadOnlySpan<byte> sockaddr)
    {
        var socket = _socket.SafeHandle.DangerousGetHandle();
        if (UdpReplyBatch.TryDefer(socket, answer, sockaddr))
        {
            return;
        }

        fixed (byte* data = answer)
        fixed (byte* address = sockaddr)
        {
            LinuxBatchSocket.SendTo(socket, data, (nuint)answer.Length, 0, address, (uint)sockaddr.Length);
        }
    }

    /// <summary>Gives back the pending slot a synchronous miss held.</summary>
    public void ReleasePending(int bucket)
    {
        Interlocked.Decrement(ref _pending);
        Interlocked.Decrement(ref _pendingByClient[bucket]);
    }

    /// <summary>Answers a query through the asynchronous path, which frees its pending slot when done.</summary>
    public void AnswerSlow(byte[] packet, byte[] sockaddr, int bucket)
    {
        var client = new SocketAddress(sockaddr.Length > 2 && sockaddr[0] == 10 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, sockaddr.Length);
        sockaddr.CopyTo(client.Buffer.Span);
        _ = AnswerSlowAsync(packet, client, true, bucket, _stop.Token);
    }

    // Takes a pending slot for a query of the client at this native sockaddr, unless the listener or the client
    // has no slot left (the query is then dropped: the client retries, as after a lost datagram).
    internal bool TryReservePending(ReadOnlySpan<byte> sockaddr, out int bucket)
    {
        bucket = ClientBucket(sockaddr);
        if (Interlocked.Increment(ref _pendingByClient[bucket]) > _maxPendingPerClient)
        {
            Interlocked.Decrement(ref _pendingByClient[bucket]);
            return false;
        }

        if (Interlocked.Increment(ref _pending) > _maxPending)
        {
            Interlocked.Decrement(ref _pending);
            Interlocked.Decrement(ref _pendingByClient[bucket]);
            return false;
        }

        return true;
    }

    // The bucket of the client's address (not its port): sockaddr_in holds it at 4..8, sockaddr_in6 at 8..24.
    // HashCode is seeded per process, so clients cannot pick addresses that share a bucket on purpose.
    private static int ClientBucket(ReadOnlySpan<byte> sockaddr)
    {
        var hash = new HashCode();
        hash.AddBytes(sockaddr.Length >= 24 && sockaddr[0] == 10 ? sockaddr[8..24] : sockaddr.Length >= 8 ? sockaddr[4..8] : sockaddr);
        return (int)((uint)hash.ToHashCode() % ClientBuckets);
    }

    private async Task AnswerSlowAsync(byte[] packet, SocketAddress client, bool localTried, int bucket, CancellationToken token)
    {
        var output = ArrayPool<byte>.Shared.Rent(DnsConstants.MaxUdpSize);
        try
        {
            var length = await _processor.ProcessSlowAsync(_route, packet, output.AsMemory(0, DnsConstants.MaxUdpSize), false,
                _ipv6 || IsV6Client(client), client, localTried, token).ConfigureAwait(false);
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
            LogMessages.HandlerCrashed(_logger, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
            ReleasePending(bucket);
        }
    }

    // On a dual-stack socket IPv4 clients arrive as ::ffff:a.b.c.d; CoreDNS's family label says "1" for them.
    private static bool IsV6Client(SocketAddress address) =>
        address.Family == AddressFamily.InterNetworkV6 && IsV6Client(address.Buffer.Span);

    // A native sockaddr: sockaddr_in6 is family(2) port(2) flowinfo(4) addr(16), AF_INET6 = 10 on Linux;
    // a mapped IPv4 address has ten zero bytes then 0xffff.
    private static bool IsV6Client(ReadOnlySpan<byte> sockaddr) =>
        sockaddr.Length >= 24 && sockaddr[0] == 10 && sockaddr[1] == 0 &&
        !(sockaddr[8..18].IndexOfAnyExcept((byte)0) < 0 && sockaddr[18] == 0xFF && sockaddr[19] == 0xFF);

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

        // Wait for the threads before closing: a thread must never call recvmmsg on a closed (or reused) descriptor.
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(2));
        }

        _socket.Dispose();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
