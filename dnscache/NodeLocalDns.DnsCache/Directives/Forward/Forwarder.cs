using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Directives.Forward;
using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>
/// The <c>forward</c> directive (CoreDNS plugin/forward): picks upstreams by policy, skips those marked
/// down, retries the next one on failure, retries a truncated UDP answer over TCP, bounds concurrency, and
/// health-checks a failing upstream with <c>. IN NS</c> until it answers again.
/// </summary>
internal sealed class Forwarder : IDisposable
{
    /// <summary>CoreDNS's overall budget for one forwarded query.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    // Network timeouts (read timeout, overall deadline, health-check spacing aside) run on the real clock,
    // not on the injected TimeProvider: a fake clock in tests drives TTLs, and a query to a silent upstream
    // must still time out there instead of waiting for a test to advance time.

    /// <summary>How long we wait for one upstream (CoreDNS's default read timeout).</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    private readonly Upstream[] _upstreams;
    private readonly byte[] _from;
    private readonly byte[][] _except;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly byte[] _healthKey;
    private readonly ConcurrentDictionary<byte[], Task<ForwardResult>> _inFlightQueries = new(WireKeyComparer.Instance);
    private readonly Dictionary<byte[], UdpExchange> _udpExchanges = new(WireKeyComparer.Instance);
    private int _inFlight;
    private int _next;

    public Forwarder(ForwardOptions options, IReadOnlyList<IPEndPoint> upstreams, TimeProvider time, ForwardMetrics metrics, ILogger logger)
    {
        Options = options;
        _time = time;
        _logger = logger;
        Metrics = metrics;
        _upstreams = [.. upstreams.Select(u => new Upstream(u, options.Expire, time, metrics))];
        _from = WireKey(options.From);
        _except = [.. options.Except.Select(WireKey)];
        _healthKey = QueryBuilder.Key(options.HealthCheckDomain, DnsConstants.TypeNs);
    }

    public ForwardOptions Options { get; }

    public ForwardMetrics Metrics { get; }

    public IReadOnlyList<Upstream> Upstreams => _upstreams;

    /// <summary>Whether this forwarder handles <paramref name="name"/> (a lower-case wire name): in FROM and not excepted.</summary>
    public bool Handles(ReadOnlySpan<byte> name)
    {
        if (!WireName.IsInZone(name, _from))
        {
            return false;
        }

        foreach (var except in _except)
        {
            if (WireName.IsInZone(name, except))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Forwards the query described by <paramref name="key"/>. Identical queries in flight at the same time share
    /// one upstream exchange (unbound, dnsdist and CoreDNS's singleflight-less forward differ here: a burst of
    /// identical misses, a popular name expiring, costs the upstream one query, not one per client).
    /// </summary>
    public async ValueTask<ForwardResult> ForwardAsync(byte[] key, bool clientTcp, CancellationToken cancellationToken)
    {
        var lookup = _inFlightQueries.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (lookup.TryGetValue(key, out var shared))
        {
            return await shared.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var completion = new TaskCompletionSource<ForwardResult>();
        if (!_inFlightQueries.TryAdd(key, completion.Task))
        {
            if (lookup.TryGetValue(key, out shared))
            {
                return await shared.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        ForwardResult result;
        try
        {
            result = await ForwardLimitedAsync(key, clientTcp, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            result = new ForwardResult(ForwardOutcome.Failed, null, e.Message);
        }
        finally
        {
            _inFlightQueries.TryRemove(new KeyValuePair<byte[], Task<ForwardResult>>(key, completion.Task));
        }

        completion.TrySetResult(result);
        return result;
    }

    private async ValueTask<ForwardResult> ForwardLimitedAsync(byte[] key, bool clientTcp, CancellationToken cancellationToken)
    {
        if (Options.MaxConcurrent is { } max && Interlocked.Increment(ref _inFlight) > max)
        {
            Interlocked.Decrement(ref _inFlight);
            Metrics.MaxConcurrentRejects.Counter().Increment();
            return new ForwardResult(ForwardOutcome.Rejected, null, "max_concurrent reached");
        }

        try
        {
            return await ForwardCoreAsync(key, clientTcp, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (Options.MaxConcurrent is not null)
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    /// <summary>Whether the forwarder is being disposed (a reload replaced it).</summary>
    public bool IsStopping => _stopping.IsCancellationRequested;

    /// <summary>
    /// Whether <see cref="ForwardUdp"/> can forward for a UDP client: the queries go over UDP and no option needs
    /// the asynchronous path's bookkeeping (max_concurrent, failfast_all_unhealthy_upstreams).
    /// </summary>
    public bool CanForwardUdp => !Options.ForceTcp && Options.MaxConcurrent is null && !Options.FailFastAllUnhealthy && !IsStopping;

    /// <summary>
    /// The synchronous miss path: forwards <paramref name="key"/> over UDP for <paramref name="waiter"/> (see
    /// <see cref="UdpExchange"/>), joining an exchange already in flight for the same key; the waiter is answered on
    /// the thread that finishes the exchange.
    /// </summary>
    public void ForwardUdp(ReadOnlySpan<byte> key, ForwardWaiter waiter)
    {
        UdpExchange? exchange;
        lock (_udpExchanges)
        {
            if (_udpExchanges.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out exchange) && exchange.TryAttach(waiter))
            {
                return;
            }

            var order = Order();
            var allDown = true;
            foreach (var upstream in order)
            {
                allDown &= upstream.IsDown(Options.MaxFails);
            }

            exchange = new UdpExchange(this, key.ToArray(), order, allDown, waiter);
            _udpExchanges[exchange.Key] = exchange;
        }

        exchange.Start();
    }

    /// <summary>An exchange finished: later clients start a new one.</summary>
    internal void Finished(UdpExchange exchange)
    {
        lock (_udpExchanges)
        {
            if (_udpExchanges.TryGetValue(exchange.Key, out var current) && ReferenceEquals(current, exchange))
            {
                _udpExchanges.Remove(exchange.Key);
            }
        }
    }

    // CoreDNS's forward loop (plugin/forward/forward.go): go through the upstreams in policy order and start over
    // at the end of the list until the deadline, so one lost datagram costs a retry, not the answer. Each UDP
    // attempt waits for the upstream's retransmission timeout (RFC 6298 style, from its measured round trips,
    // doubling on each retry of the same upstream, at most CoreDNS's 2 s read timeout); a TCP attempt waits the
    // read timeout. A pass in which every upstream failed at once (refused, closed, a malformed or truncated
    // answer) ends the loop: trying them again would fail the same way.
    private async ValueTask<ForwardResult> ForwardCoreAsync(byte[] key, bool clientTcp, CancellationToken cancellationToken)
    {
        var started = Environment.TickCount64;
        var deadline = started + (long)Deadline.TotalMilliseconds;
        var order = Order();
        var allDown = true;
        foreach (var upstream in order)
        {
            allDown &= upstream.IsDown(Options.MaxFails);
        }

        if (allDown && Options.FailFastAllUnhealthy)
        {
            return new ForwardResult(ForwardOutcome.Failed, null, "all upstreams are down");
        }

        string? lastError = null;
        var nameLength = key.Length - 5;
        var qtype = BinaryPrimitives.ReadUInt16BigEndian(key.AsSpan(nameLength));
        var qclass = BinaryPrimitives.ReadUInt16BigEndian(key.AsSpan(nameLength + 2));
        var tcp = Options.ForceTcp || (clientTcp && !Options.PreferUdp);
        var pass = 0;
        while (true)
        {
            var tried = 0;
            var hardFailures = 0;
            foreach (var upstream in order)
            {
                // When every upstream is down, CoreDNS still tries them: better a slow answer than none.
                if (!allDown && upstream.IsDown(Options.MaxFails))
                {
                    continue;
                }

                var remaining = deadline - Environment.TickCount64;
                if (remaining <= 0 || cancellationToken.IsCancellationRequested || _stopping.IsCancellationRequested)
                {
                    return new ForwardResult(ForwardOutcome.Failed, null, lastError ?? "no upstream answered in time");
                }

                tried++;
                var exchangeStarted = _time.GetTimestamp();
                try
                {
                    var attempt = tcp ? ReadTimeout.TotalMilliseconds : upstream.RetransmitTimeout(pass).TotalMilliseconds;
                    var timeout = TimeSpan.FromMilliseconds(Math.Min(remaining, attempt));
                    var response = await ExchangeAsync(upstream, key, tcp, Options.RandomizeCase, qtype, qclass, timeout, _stopping.Token)
                        .ConfigureAwait(false);
                    if (response.Truncated && !tcp)
                    {
                        // The answer does not fit in UDP: ask again over TCP (RFC 7766 §5).
                        response = await ExchangeAsync(upstream, key, true, false, qtype, qclass, ReadTimeout, _stopping.Token).ConfigureAwait(false);
                    }

                    if (response.Truncated)
                    {
                        // Truncated over TCP: nothing can complete it, and a partial answer is no answer
                        // (unbound answers SERVFAIL).
                        throw new UpstreamException($"{upstream.Name} sent a truncated answer over TCP");
                    }

                    upstream.RecordResponse(response.Rcode, _time.GetElapsedTime(exchangeStarted).TotalSeconds);
                    return new ForwardResult(ForwardOutcome.Answered, response, null);
                }
                catch (Exception e) when (e is UpstreamException or SocketException or IOException or TimeoutException or OperationCanceledException &&
                                          !cancellationToken.IsCancellationRequested)
                {
                    var timedOut = e is TimeoutException or OperationCanceledException || (e is UpstreamException u && u.TimedOut);
                    lastError = timedOut ? $"read {(tcp ? "tcp" : "udp")} {upstream.Name}: i/o timeout" : e.Message;
                    hardFailures += timedOut ? 0 : 1;
                    StartHealthCheck(upstream);
                }
            }

            pass++;
            if (tried == 0 || hardFailures == tried)
            {
                return new ForwardResult(ForwardOutcome.Failed, null, lastError ?? "no upstream to try");
            }
        }
    }

    private static async ValueTask<UpstreamResponse> ExchangeAsync(
        Upstream upstream, byte[] key, bool tcp, bool randomizeCase, ushort qtype, ushort qclass, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var query = new byte[key.Length + 12 + 11];
        var length = QueryBuilder.Write(query, Upstream.NewId(), key);
        upstream.Requests.Increment();
        byte[] raw;
        var started = Stopwatch.GetTimestamp();
        if (tcp)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(timeout);
            raw = await upstream.ExchangeTcpAsync(query.AsMemory(0, length), timer.Token).ConfigureAwait(false);
        }
        else
        {
            if (randomizeCase)
            {
                CaseRandomizer.Apply(query.AsSpan(DnsConstants.HeaderLength, key.Length - 5));
            }

            // No token: the pool's sweep times the query out, and disposing the forwarder fails it.
            raw = await upstream.ExchangeUdpAsync(query.AsMemory(0, length), timeout, CancellationToken.None, randomizeCase).ConfigureAwait(false);
            upstream.ObserveRoundTrip(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        // RFC 5452 §9.1: an answer whose question is not ours is not an answer; a malformed one is not either.
        return UpstreamResponse.TryCreate(raw, Upstream.IdOf(query), key.AsSpan(0, key.Length - 5), qtype, qclass, out var problem)
            ?? throw new UpstreamException($"{upstream.Name} sent a {problem}");
    }

    private Upstream[] Order()
    {
        if (_upstreams.Length == 1)
        {
            return _upstreams;
        }

        switch (Options.Policy)
        {
            case ForwardPolicy.Sequential:
                return _upstreams;
            case ForwardPolicy.RoundRobin:
                {
                    var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)_upstreams.Length);
                    var order = new Upstream[_upstreams.Length];
                    for (var i = 0; i < order.Length; i++)
                    {
                        order[i] = _upstreams[(start + i) % _upstreams.Length];
                    }

                    return order;
                }

            default:
                {
                    var order = (Upstream[])_upstreams.Clone();
                    Random.Shared.Shuffle(order);
                    return order;
                }
        }
    }

    /// <summary>Starts probing <paramref name="upstream"/> after a failure, unless a probe loop already runs.</summary>
    internal void StartHealthCheck(Upstream upstream)
    {
        if (_stopping.IsCancellationRequested || Options.HealthCheckInterval <= TimeSpan.Zero || !upstream.TryStartChecking())
        {
            return;
        }

        _ = Task.Run(() => HealthCheckLoopAsync(upstream));
    }

    // CoreDNS's health checker: probe right away, and every interval until the upstream answers; each
    // failed probe counts towards max_fails, the first success clears the count.
    private async Task HealthCheckLoopAsync(Upstream upstream)
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                if (await ProbeAsync(upstream).ConfigureAwait(false))
                {
                    if (upstream.IsDown(Options.MaxFails))
                    {
                        LogMessages.UpstreamHealthy(_logger, upstream.Endpoint);
                    }

                    upstream.MarkHealthy();
                    return;
                }

                upstream.MarkFailed();
                upstream.CountHealthcheckFailure();
                LogMessages.HealthCheckFailed(_logger, upstream.Endpoint, upstream.Fails);
                if (_upstreams.All(u => u.IsDown(Options.MaxFails)))
                {
                    Metrics.HealthcheckBroken.Counter().Increment();
                }

                await Task.Delay(Options.HealthCheckInterval, _time, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            upstream.StopChecking();
        }
    }

    private async Task<bool> ProbeAsync(Upstream upstream)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            var query = new byte[_healthKey.Length + 23];
            var length = QueryBuilder.Write(query, Upstream.NewId(), _healthKey, Options.HealthCheckRecursionDesired);
            var raw = Options.ForceTcp
                ? await upstream.ExchangeTcpAsync(query.AsMemory(0, length), timeout.Token).ConfigureAwait(false)
                : await upstream.ExchangeUdpAsync(query.AsMemory(0, length), TimeSpan.FromSeconds(1), timeout.Token).ConfigureAwait(false);
            return raw.Length >= 12;
        }
        catch (Exception e) when (e is UpstreamException or SocketException or IOException or TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }

    private static byte[] WireKey(string zone)
    {
        Span<byte> buffer = stackalloc byte[DnsConstants.MaxNameLength + 1];
        var n = WireName.FromText(zone, buffer);
        return buffer[..n].ToArray();
    }

    public void Dispose()
    {
        _stopping.Cancel();
        foreach (var upstream in _upstreams)
        {
            upstream.Dispose();
        }

        _stopping.Dispose();
    }
}
