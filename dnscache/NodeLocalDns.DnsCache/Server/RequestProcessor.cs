using System.Buffers.Binary;
using System.Net;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Corefile.Directives;
using NodeLocalDns.DnsCache.Directives.Forward;
using NodeLocalDns.DnsCache.Directives.Log;
using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Server;

/// <summary>
/// Answers one query by running the handlers of the block it is routed to, in <see cref="HandlerOrder"/>.
/// <c>ProcessFast</c> runs on the receive loop and answers everything that needs no upstream (cache
/// hits, template, hosts) straight from the wire into the caller's buffer without allocating; what needs an
/// upstream (or the query log, or the loop probe count) goes to <see cref="ProcessSlowAsync"/>.
/// </summary>
internal sealed class RequestProcessor(DnsMetrics metrics, TimeProvider time, ILogger logger)
{
    /// <summary>
    /// The order this class runs a block's handlers in: errors and log wrap the rest (they act on the
    /// outcome), cache, template and hosts answer locally, loop counts its probe, forward asks upstream.
    /// The handlers are called one by one rather than through a chain, so that the fast path makes no
    /// virtual call and allocates nothing; the order's one home is <see cref="DirectiveTable.RequestPath"/>,
    /// and a test holds this list to it.
    /// </summary>
    internal static readonly string[] HandlerOrder = ["errors", "log", "cache", "template", "hosts", "loop", "forward"];

    private readonly Counter _formErrUdp = metrics.Malformed.Counter("udp", "formerr");
    private readonly Counter _formErrTcp = metrics.Malformed.Counter("tcp", "formerr");
    private readonly Counter _dropUdp = metrics.Malformed.Counter("udp", "drop");
    private readonly Counter _dropTcp = metrics.Malformed.Counter("tcp", "drop");

    public DnsMetrics Metrics => metrics;

    public TimeProvider Time => time;

    /// <summary>Invoked when the loop plugin sees its probe come back (the host stops the daemon).</summary>
    public Action<string>? OnLoopDetected { get; set; }

    /// <summary>
    /// Answers <paramref name="packet"/> into <paramref name="output"/> if no upstream is needed.
    /// </summary>
    /// <param name="route">The zones served on the endpoint the packet came in on.</param>
    /// <param name="packet">The query.</param>
    /// <param name="output">Where the answer goes.</param>
    /// <param name="tcp">Whether the query came over TCP (no size limit but 64 KiB).</param>
    /// <param name="ipv6">Whether the client is IPv6 (the metrics' family label).</param>
    /// <param name="localTried">Set when cache, template and hosts were already consulted (the slow path then goes straight to forward).</param>
    /// <returns>The answer's length; 0 when <see cref="ProcessSlowAsync"/> must answer; -1 to drop the packet.</returns>
    public int ProcessFast(ListenerRoute route, ReadOnlySpan<byte> packet, Span<byte> output, bool tcp, bool ipv6, out bool localTried) =>
        ProcessFast(route, packet, output, tcp, ipv6, out localTried, null, default);

    /// <summary>
    /// As <see cref="ProcessFast(ListenerRoute, ReadOnlySpan{byte}, Span{byte}, bool, bool, out bool)"/>, for a UDP
    /// client of <paramref name="listener"/> at the native <paramref name="sockaddr"/>: a miss its block forwards over
    /// UDP with nothing that needs the asynchronous path (no <c>log</c>, no <c>loop</c>, see
    /// <see cref="Forwarder.CanForwardUdp"/>) is sent upstream at once, with the query parsed and routed once, and the
    /// client is answered later by whichever thread gets the answer (<see cref="UdpMissClient"/>); that returns -1,
    /// as does a miss dropped because the client holds too many pending misses.
    /// </summary>
    public int ProcessFast(
        ListenerRoute route,
        ReadOnlySpan<byte> packet,
        Span<byte> output,
        bool tcp,
        bool ipv6,
        out bool localTried,
        UdpListener? listener,
        ReadOnlySpan<byte> sockaddr)
    {
        localTried = false;
        var started = time.GetTimestamp();
        var q = default(ParsedQuery);
        Span<byte> key = stackalloc byte[DnsConstants.MaxKeyLength];
        var early = Preflight(packet, ref q, key, output, tcp);
        if (early != 0)
        {
            return early;
        }

        if (!route.Zones.TryMatch(key[..q.NameLength], out var target))
        {
            return ResponseWriter.WriteEmpty(packet, q, DnsConstants.RcodeRefused, output);
        }

        var p = target.Pipeline;
        if (p.QueryLog is not null || p.Loop is not null)
        {
            return 0;
        }

        var limit = tcp ? output.Length : Math.Min(q.MaxUdpResponse, output.Length);
        var length = AnswerLocally(p, packet, q, key[..q.KeyLength], limit, output, started, out var plugin);
        localTried = true;
        if (length > 0)
        {
            var seconds = time.GetElapsedTime(started).TotalSeconds;
            target.Stats.Record(tcp, ipv6, q.QType, (byte)(output[3] & 0x0F), plugin, seconds, packet.Length, length, q.DnssecOk);
        }
        else if (length == 0 && listener is not null && p.Forwarder is { CanForwardUdp: true } forwarder && forwarder.Handles(key[..q.NameLength]))
        {
            if (listener.TryReservePending(sockaddr, out var bucket))
            {
                var client = new UdpMissClient(this, listener, target, packet.ToArray(), sockaddr.ToArray(), q, started, bucket, ipv6);
                forwarder.ForwardUdp(key[..q.KeyLength], client);
            }

            return -1;
        }

        return length;
    }

    /// <summary>Answers a query that needs an upstream (or logging). <paramref name="packet"/> must stay valid until completion.</summary>
    /// <param name="route">The zones served on the endpoint the query came in on.</param>
    /// <param name="packet">The query.</param>
    /// <param name="output">Where the answer goes.</param>
    /// <param name="tcp">Whether the query came over TCP.</param>
    /// <param name="ipv6">Whether the client is IPv6.</param>
    /// <param name="client">The client, as an <see cref="EndPoint"/> or a <see cref="System.Net.SocketAddress"/>; only the log reads it.</param>
    /// <param name="localTried">Whether <c>ProcessFast</c> already consulted cache, template and hosts.</param>
    /// <param name="cancellationToken">Stops waiting for an upstream.</param>
    public async ValueTask<int> ProcessSlowAsync(ListenerRoute route, ReadOnlyMemory<byte> packet, Memory<byte> output, bool tcp, bool ipv6,
        object? client, bool localTried, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var q = default(ParsedQuery);
        var key = new byte[DnsConstants.MaxKeyLength];
        var early = Preflight(packet.Span, ref q, key, output.Span, tcp);
        if (early != 0)
        {
            return early;
        }

        if (!route.Zones.TryMatch(key.AsSpan(0, q.NameLength), out var target))
        {
            return ResponseWriter.WriteEmpty(packet.Span, q, DnsConstants.RcodeRefused, output.Span);
        }

        var p = target.Pipeline;
        var limit = tcp ? output.Length : Math.Min(q.MaxUdpResponse, output.Length);
        var plugin = PluginIndex.None;
        string? error = null;
        var length = localTried ? 0 : AnswerLocally(p, packet.Span, q, key.AsSpan(0, q.KeyLength), limit, output.Span, started, out plugin);
        if (length == 0)
        {
            if (p.Loop is { } loop && loop.Observe(key.AsSpan(0, q.NameLength), q.QType))
            {
                LogMessages.LoopDetected(logger, p.ServerLabel, p.Forwarder is { Upstreams.Count: > 0 } f ? f.Upstreams[0].Name : "?",
                    p.Config.Zones[0].Zone, loop.ProbeName);
                OnLoopDetected?.Invoke(loop.ProbeName);
            }

            (length, plugin, error) = await ForwardAsync(
                p, packet, q, key.AsSpan(0, q.KeyLength).ToArray(), limit, output, tcp, cancellationToken).ConfigureAwait(false);
        }

        var rcode = length >= 4 ? (byte)(output.Span[3] & 0x0F) : DnsConstants.RcodeServFail;
        var elapsed = time.GetElapsedTime(started);
        target.Stats.Record(tcp, ipv6, q.QType, rcode, plugin, elapsed.TotalSeconds, packet.Length, Math.Max(0, length), q.DnssecOk);
        if (error is not null && p.Errors is { } errors)
        {
            errors.Report(rcode, WireName.ToText(key.AsSpan(0, q.NameLength)), RcodeNames.TypeName(q.QType), error);
        }

        if (p.QueryLog is { } log
            && QueryLogger.ShouldLog(log, p.QueryLogNames, key.AsSpan(0, q.NameLength), rcode,
                length >= 8 && BinaryPrimitives.ReadUInt16BigEndian(output.Span[6..]) > 0))
        {
            var spelt = WireName.ToText(packet.Span.Slice(DnsConstants.HeaderLength, q.NameLength));
            QueryLogger.Write(logger, log, client, q, spelt, tcp, packet.Length, output.Span[..Math.Max(0, length)], elapsed);
        }

        return length;
    }

    // Checks the packet and answers what can be answered without routing: malformed packets (FORMERR or
    // drop, counted), other opcodes (NOTIMP) and unknown EDNS versions (BADVERS).
    private int Preflight(ReadOnlySpan<byte> packet, ref ParsedQuery q, Span<byte> key, Span<byte> output, bool tcp)
    {
        switch (QueryParser.TryParse(packet, ref q, key))
        {
            case ParseResult.Ok:
                return 0;
            case ParseResult.Drop:
                (tcp ? _dropTcp : _dropUdp).Increment();
                return -1;
            case ParseResult.NotImp:
                return ResponseWriter.WriteEmpty(packet, q, DnsConstants.RcodeNotImp, output);
            case ParseResult.BadVers:
                return ResponseWriter.WriteEmpty(packet, q, DnsConstants.RcodeNoError, output, DnsConstants.ExtendedRcodeBadVers);
            default:
                (tcp ? _formErrTcp : _formErrUdp).Increment();

                // Echo the question only when it was readable; never echo an OPT we could not parse.
                q.HasOpt = false;
                return ResponseWriter.WriteEmpty(packet, q, DnsConstants.RcodeFormErr, output);
        }
    }

    // Cache, template, hosts: everything answered without an upstream. 0 means "forward it".
    private static int AnswerLocally(ServerPipeline p, ReadOnlySpan<byte> packet, in ParsedQuery q, ReadOnlySpan<byte> key, int limit,
        Span<byte> output, long now, out int plugin)
    {
        var name = key[..q.NameLength];
        if (p.Cache is { } cache && cache.TryAnswer(packet, q, key, limit, output, now, out var cached, out var refresh))
        {
            if (refresh)
            {
                cache.StartRefresh(p.Forwarder, key.ToArray());
            }

            plugin = PluginIndex.Cache;
            return cached;
        }

        foreach (var template in p.Templates)
        {
            var length = template.TryAnswer(packet, q, name, limit, output);
            if (length > 0)
            {
                plugin = PluginIndex.Template;
                return length;
            }
        }

        if (p.Hosts is { } hosts)
        {
            var length = hosts.TryAnswer(packet, q, name, limit, output);
            if (length > 0)
            {
                plugin = PluginIndex.Hosts;
                return length;
            }
        }

        plugin = PluginIndex.None;
        return 0;
    }

    private async ValueTask<(int Length, int Plugin, string? Error)> ForwardAsync(
        ServerPipeline p, ReadOnlyMemory<byte> packet, ParsedQuery q, byte[] key, int limit, Memory<byte> output, bool tcp,
        CancellationToken cancellationToken)
    {
        if (p.Forwarder is not { } forwarder || !forwarder.Handles(key.AsSpan(0, q.NameLength)))
        {
            // No handler for the name in this block: CoreDNS answers SERVFAIL ("no next plugin found"), REFUSED here is clearer for a cache.
            return (ResponseWriter.WriteEmpty(packet.Span, q, DnsConstants.RcodeRefused, output.Span), PluginIndex.None, null);
        }

        var result = await forwarder.ForwardAsync(key, tcp, cancellationToken).ConfigureAwait(false);
        return WriteForwardResult(p, packet.Span, q, key, result, limit, output.Span, time.GetTimestamp());
    }

    // What a forward produced, written for the client: the answer (stored in the cache first, so the first client
    // already sees the capped TTL), REFUSED at max_concurrent, else a stale answer or SERVFAIL.
    private static (int Length, int Plugin, string? Error) WriteForwardResult(
        ServerPipeline p, ReadOnlySpan<byte> packet, in ParsedQuery q, byte[] key, ForwardResult result, int limit, Span<byte> output, long now)
    {
        switch (result.Outcome)
        {
            case ForwardOutcome.Answered:
                {
                    var response = result.Response!;
                    var ttl = p.Cache is { } cache ? cache.Store(key, q.NameLength, response, now) : -1;
                    var length = ResponseWriter.Write(packet, q, response.Body, response.TtlOffsets, ttl, limit, output);
                    return (length, PluginIndex.Forward, response.Rcode == DnsConstants.RcodeServFail ? "upstream answered SERVFAIL" : null);
                }

            case ForwardOutcome.Rejected:
                return (ResponseWriter.WriteEmpty(packet, q, DnsConstants.RcodeRefused, output), PluginIndex.Forward, result.Error);
            default:
                // Every upstream failed: a stale answer beats SERVFAIL (serve_stale, RFC 8767).
                if (p.Cache is { } staleCache && staleCache.TryAnswerStale(packet, q, key, limit, output, now, out var stale))
                {
                    return (stale, PluginIndex.Cache, null);
                }

                return (ResponseWriter.WriteEmpty(packet, q, DnsConstants.RcodeServFail, output), PluginIndex.Errors, result.Error);
        }
    }

    /// <summary>Writes the answer of a synchronous miss into <paramref name="output"/> and records it as <see cref="ProcessSlowAsync"/> does.</summary>
    internal int CompleteUdpForward(
        RouteTarget target, byte[] packet, in ParsedQuery q, byte[] key, ForwardResult result, Span<byte> output, long started, bool ipv6)
    {
        var p = target.Pipeline;
        var limit = Math.Min(q.MaxUdpResponse, output.Length);
        var now = time.GetTimestamp();
        var (length, plugin, error) = WriteForwardResult(p, packet, q, key, result, limit, output, now);
        var rcode = length >= 4 ? (byte)(output[3] & 0x0F) : DnsConstants.RcodeServFail;
        var seconds = time.GetElapsedTime(started, now).TotalSeconds;
        target.Stats.Record(false, ipv6, q.QType, rcode, plugin, seconds, packet.Length, Math.Max(0, length), q.DnssecOk);
        if (error is not null && p.Errors is { } errors)
        {
            errors.Report(rcode, WireName.ToText(key.AsSpan(0, q.NameLength)), RcodeNames.TypeName(q.QType), error);
        }

        return length;
    }
}
