using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>
/// One upstream server (CoreDNS's proxy.Proxy): its failure count, its pool of idle TCP connections,
/// and the UDP/TCP exchanges. UDP queries go out on connected sockets on kernel-chosen random ports, each carrying
/// a few dozen queries (<see cref="UdpPortPool"/>), with random IDs (RFC 5452 §4, §9.2): the connect makes the kernel
/// drop datagrams from any other address, and the answer must echo our ID and question or it is ignored.
/// </summary>
internal sealed class Upstream : IDisposable
{
    private readonly ConcurrentStack<(Socket Socket, long LastUsed)> _idle = new();

    private readonly Lock _udpGate = new();
    private UdpPortPool? _udp;
    private readonly TimeProvider _time;
    private readonly TimeSpan _expire;
    private int _fails;
    private int _checking;
    private bool _disposed;

    // RFC 6298's smoothed round trip and its variation, in milliseconds; 0 before the first sample.
    private double _srtt;
    private double _rttVariation;

    /// <summary>The retransmission timeout before the first round trip is measured.</summary>
    public static readonly TimeSpan InitialRetransmitTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>The shortest retransmission timeout: below it a slow answer is not worth a second query.</summary>
    public static readonly TimeSpan MinRetransmitTimeout = TimeSpan.FromMilliseconds(250);

    public Upstream(IPEndPoint endpoint, TimeSpan expire, TimeProvider time, ForwardMetrics metrics)
    {
        Endpoint = endpoint;
        _expire = expire;
        _time = time;
        Name = endpoint.ToString();
        Requests = metrics.Requests.Counter(Name);
        _healthcheckFailures = metrics.HealthcheckFailures.Counter(Name);
        _proxyHealthcheckFailures = metrics.ProxyHealthcheckFailures.Counter("forward", Name);
        _udpReused = metrics.ConnCacheHits.Counter("forward", Name, "udp");
        _udpNew = metrics.ConnCacheMisses.Counter("forward", Name, "udp");
        _tcpReused = metrics.ConnCacheHits.Counter("forward", Name, "tcp");
        _tcpNew = metrics.ConnCacheMisses.Counter("forward", Name, "tcp");
        Metrics = metrics;
    }

    public IPEndPoint Endpoint { get; }

    public string Name { get; }

    public Counter Requests { get; }

    private readonly Counter _healthcheckFailures;
    private readonly Counter _proxyHealthcheckFailures;
    private readonly Counter _udpReused;
    private readonly Counter _udpNew;
    private readonly Counter _tcpReused;
    private readonly Counter _tcpNew;

    /// <summary>Counts a failed health check under both generations of names.</summary>
    public void CountHealthcheckFailure()
    {
        _healthcheckFailures.Increment();
        _proxyHealthcheckFailures.Increment();
    }

    public ForwardMetrics Metrics { get; }

    public int Fails => Volatile.Read(ref _fails);

    /// <summary>Down when it has failed <paramref name="maxFails"/> times in a row (0: never down).</summary>
    public bool IsDown(int maxFails) => maxFails > 0 && Fails >= maxFails;

    public void MarkFailed() => Interlocked.Increment(ref _fails);

    public void MarkHealthy() => Volatile.Write(ref _fails, 0);

    /// <summary>Takes a UDP round trip into the smoothed estimate (RFC 6298 §2; racy updates only blur the average).</summary>
    public void ObserveRoundTrip(double milliseconds)
    {
        var sample = Math.Max(0, milliseconds);
        if (_srtt == 0)
        {
            _srtt = Math.Max(sample, 0.001);
            _rttVariation = sample / 2.0;
            return;
        }

        _rttVariation = (0.75 * _rttVariation) + (0.25 * Math.Abs(_srtt - sample));
        _srtt = (0.875 * _srtt) + (0.125 * sample);
    }

    /// <summary>
    /// How long a UDP attempt waits before the query is sent again: SRTT + 4 RTTVAR (RFC 6298 §2), doubled for
    /// each earlier pass over the upstreams (§5.5), between <see cref="MinRetransmitTimeout"/> and
    /// <see cref="Forwarder.ReadTimeout"/>.
    /// </summary>
    public TimeSpan RetransmitTimeout(int pass)
    {
        var rto = _srtt == 0 ? InitialRetransmitTimeout.TotalMilliseconds : _srtt + (4 * _rttVariation);
        rto = Math.Max(rto, MinRetransmitTimeout.TotalMilliseconds) * (1 << Math.Min(pass, 4));
        return TimeSpan.FromMilliseconds(Math.Min(rto, Forwarder.ReadTimeout.TotalMilliseconds));
    }

    /// <summary>True for the one caller that gets to start the health-check loop.</summary>
    public bool TryStartChecking() => Interlocked.Exchange(ref _checking, 1) == 0;

    public void StopChecking() => Volatile.Write(ref _checking, 0);

    public static ushort NewId() => RandomIds.Next();

    private readonly Counter?[] _responses = new Counter?[17];
    private readonly Histogram?[] _durations = new Histogram?[17];
    private readonly Histogram?[] _proxyDurations = new Histogram?[17];

    /// <summary>Counts an answer in <c>coredns_forward_responses_total</c> and the duration histogram, with held handles.</summary>
    public void RecordResponse(byte rcode, double seconds)
    {
        var i = Math.Min((int)rcode, 16);
        ref var counter = ref _responses[i];
        counter ??= Metrics.Responses.Counter(Name, RcodeNames.Name((byte)i));
        counter.Increment();
        ref var histogram = ref _durations[i];
        histogram ??= Metrics.Duration.Histogram(Name, RcodeNames.Name((byte)i));
        histogram.Observe(seconds);
        ref var proxy = ref _proxyDurations[i];
        proxy ??= Metrics.ProxyDuration.Histogram("forward", Name, RcodeNames.Name((byte)i));
        proxy.Observe(seconds);
    }

    /// <summary>The ID written in a query (the UDP channel rewrites it).</summary>
    public static ushort IdOf(ReadOnlySpan<byte> query) => BinaryPrimitives.ReadUInt16BigEndian(query);

    /// <summary>
    /// Sends <paramref name="query"/> over UDP (a random ID is written into it) and returns the answer with that ID
    /// and question; with <paramref name="exactCase"/> the question must come back spelt as sent (0x20).
    /// </summary>
    public Task<byte[]> ExchangeUdpAsync(Memory<byte> query, TimeSpan timeout, CancellationToken cancellationToken, bool exactCase = false) =>
        Ports() is { } ports
            ? ports.ExchangeAsync(query, timeout, exactCase, cancellationToken)
            : Task.FromException<byte[]>(new UpstreamException("the upstream socket was closed"));

    /// <summary>Sends <paramref name="query"/> over UDP for <paramref name="waiter"/> (see <see cref="UdpPortPool.Send"/>).</summary>
    public void SendUdp(UpstreamWaiter waiter, Span<byte> query)
    {
        if (Ports() is { } ports)
        {
            ports.Send(waiter, query);
        }
        else
        {
            waiter.Fail(new UpstreamException("the upstream socket was closed"));
        }
    }

    /// <summary>UDP source ports open now (tests).</summary>
    internal int OpenUdpPorts => Volatile.Read(ref _udp)?.OpenPorts ?? 0;

    // Created at the first UDP query: an upstream used over TCP only (force_tcp) needs no receive thread. Null once
    // disposed (a reload replaced the forwarder): a late retry fails instead of opening sockets nobody closes.
    private UdpPortPool? Ports()
    {
        if (Volatile.Read(ref _udp) is { } pool)
        {
            return pool;
        }

        lock (_udpGate)
        {
            return _disposed ? null : _udp ??= new UdpPortPool(Endpoint, fresh => (fresh ? _udpNew : _udpReused).Increment());
        }
    }

    /// <summary>Sends <paramref name="query"/> over TCP (RFC 1035 §4.2.2 length prefix), reusing an idle connection when one is fresh enough.</summary>
    public async ValueTask<byte[]> ExchangeTcpAsync(ReadOnlyMemory<byte> query, CancellationToken cancellationToken)
    {
        // A pooled connection may have been closed by the server meanwhile; then try once more on a new one.
        for (var attempt = 0; ; attempt++)
        {
            var (socket, reused) = await RentAsync(cancellationToken).ConfigureAwait(false);
            (reused ? _tcpReused : _tcpNew).Increment();
            try
            {
                var answer = await ExchangeOnAsync(socket, query, cancellationToken).ConfigureAwait(false);
                _idle.Push((socket, _time.GetTimestamp()));
                return answer;
            }
            catch (Exception e) when (e is SocketException or IOException or UpstreamException
                && reused && attempt == 0 && !cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    private async ValueTask<(Socket Socket, bool Reused)> RentAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        while (_idle.TryPop(out var pooled))
        {
            if (_time.GetElapsedTime(pooled.LastUsed, now) < _expire && pooled.Socket.Connected)
            {
                return (pooled.Socket, true);
            }

            pooled.Socket.Dispose();
        }

        var socket = new Socket(Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(Endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new UpstreamException($"cannot connect to {Endpoint}: {e.SocketErrorCode}", e);
        }

        return (socket, false);
    }

    private static async ValueTask<byte[]> ExchangeOnAsync(Socket socket, ReadOnlyMemory<byte> query, CancellationToken cancellationToken)
    {
        var framed = ArrayPool<byte>.Shared.Rent(query.Length + 2);
        try
        {
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
            query.CopyTo(framed.AsMemory(2));
            await socket.SendAsync(framed.AsMemory(0, query.Length + 2), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(framed);
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(query.Span);
        var prefix = new byte[2];
        while (true)
        {
            await ReadExactlyAsync(socket, prefix, cancellationToken).ConfigureAwait(false);
            var length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
            var answer = new byte[length];
            await ReadExactlyAsync(socket, answer, cancellationToken).ConfigureAwait(false);
            if (length >= 2 && BinaryPrimitives.ReadUInt16BigEndian(answer) == id)
            {
                return answer;
            }
        }
    }

    private static async ValueTask ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new UpstreamException("the upstream closed the connection");
            }

            read += n;
        }
    }

    public void Dispose()
    {
        UdpPortPool? udp;
        lock (_udpGate)
        {
            _disposed = true;
            udp = _udp;
        }

        udp?.Dispose();

        while (_idle.TryPop(out var pooled))
        {
            pooled.Socket.Dispose();
        }
    }
}
