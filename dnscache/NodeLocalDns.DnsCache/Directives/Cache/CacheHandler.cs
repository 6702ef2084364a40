using Microsoft.Extensions.Logging;
using NodeLocalDns.Corefile.Directives.Cache;
using NodeLocalDns.DnsCache.Directives.Forward;
using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Cache;

/// <summary>
/// The <c>cache</c> directive of one server block (CoreDNS plugin/cache/handler.go): answers hits from
/// <see cref="Responses"/> without allocating, stores what forward brings back, answers stale entries when
/// no upstream can (RFC 8767), and refreshes popular and stale entries in the background, counting all of
/// it in the block's own series of <see cref="CacheMetrics"/>, held as handles.
/// </summary>
internal sealed class CacheHandler
{
    private readonly byte[][] _zones;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Counter _hitsSuccess;
    private readonly Counter _hitsDenial;
    private readonly Counter _misses;
    private readonly Counter _requests;
    private readonly Counter _prefetches;
    private readonly Counter _servedStale;

    public CacheHandler(CacheOptions options, string serverLabel, CacheMetrics metrics, TimeProvider time, ILogger logger)
    {
        Responses = new ResponseCache(options, time);
        _time = time;
        _logger = logger;
        _zones = [.. options.Zones.Select(WireName.FromText)];
        var zones = string.Join(",", options.Zones);
        _hitsSuccess = metrics.Hits.Counter(serverLabel, "success", zones);
        _hitsDenial = metrics.Hits.Counter(serverLabel, "denial", zones);
        _misses = metrics.Misses.Counter(serverLabel, zones);
        _requests = metrics.Requests.Counter(serverLabel, zones);
        _prefetches = metrics.Prefetch.Counter(serverLabel, zones);
        _servedStale = metrics.ServedStale.Counter(serverLabel, zones);
        var success = metrics.Entries.Render(serverLabel, "success", zones);
        var denial = metrics.Entries.Render(serverLabel, "denial", zones);
        var cache = Responses;
        metrics.Entries.AddCallback(() => [(success, cache.SuccessCount), (denial, cache.DenialCount)]);
    }

    public ResponseCache Responses { get; }

    public CacheOptions Options => Responses.Options;

    /// <summary>
    /// Answers from the cache when the name is in its zones and an entry is fresh (or stale under
    /// <c>serve_stale immediate</c>). <paramref name="refresh"/> is an entry the caller must refresh in the
    /// background (<see cref="StartRefresh"/>): a popular one near expiry, or the stale one just answered.
    /// </summary>
    /// <returns>Whether the cache answered (<paramref name="length"/> bytes in <paramref name="output"/>).</returns>
    public bool TryAnswer(ReadOnlySpan<byte> packet, in ParsedQuery q, ReadOnlySpan<byte> key, int limit, Span<byte> output, long now,
        out int length, out CacheEntry? refresh)
    {
        refresh = null;
        length = 0;
        if (!WireName.IsInAnyZone(key[..q.NameLength], _zones))
        {
            return false;
        }

        _requests.Increment();
        switch (Responses.Lookup(key, now, out var entry, out var ttl))
        {
            case CacheLookup.Hit:
                (entry!.Kind == ResponseKind.Success ? _hitsSuccess : _hitsDenial).Increment();
                if (Responses.ShouldPrefetch(entry, ttl, now))
                {
                    _prefetches.Increment();
                    refresh = entry;
                }

                length = ResponseWriter.Write(packet, q, entry.Body, entry.TtlOffsets, ttl, limit, output);
                return true;
            case CacheLookup.Stale when !Options.ServeStale!.Verify:
                // serve_stale immediate: answer now with TTL 0 and refresh in the background.
                _servedStale.Increment();
                if (entry!.TryStartRefresh())
                {
                    refresh = entry;
                }

                length = ResponseWriter.Write(packet, q, entry.Body, entry.TtlOffsets, 0, limit, output);
                return true;
            default:
                _misses.Increment();
                return false;
        }
    }

    /// <summary>
    /// Stores an upstream answer when the name is in the cache's zones. Returns the TTL to answer with: the
    /// stored entry's, so the first client already sees the capped TTL; -1 keeps the upstream's.
    /// </summary>
    public int Store(byte[] key, int nameLength, UpstreamResponse response, long now)
    {
        var entry = WireName.IsInAnyZone(key.AsSpan(0, nameLength), _zones) ? Responses.Store(key, response, now) : null;
        return entry is not null && !Options.KeepTtl ? entry.Ttl : -1;
    }

    /// <summary>When every upstream failed: a stale answer (TTL 0) beats SERVFAIL (serve_stale, RFC 8767 §4).</summary>
    public bool TryAnswerStale(ReadOnlySpan<byte> packet, in ParsedQuery q, byte[] key, int limit, Span<byte> output, long now, out int length)
    {
        if (Responses.Lookup(key, now, out var stale, out _) != CacheLookup.Stale)
        {
            length = 0;
            return false;
        }

        _servedStale.Increment();
        length = ResponseWriter.Write(packet, q, stale!.Body, stale.TtlOffsets, 0, limit, output);
        return true;
    }

    /// <summary>Asks <paramref name="forwarder"/> for <paramref name="key"/> in the background and stores the answer.</summary>
    public void StartRefresh(Forwarder? forwarder, byte[] key, CacheEntry entry)
    {
        if (forwarder is null)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                var result = await forwarder.ForwardAsync(key, false, CancellationToken.None).ConfigureAwait(false);
                if (result.Outcome == ForwardOutcome.Answered && result.Response!.Kind != ResponseKind.ServFail)
                {
                    Responses.Store(key, result.Response, _time.GetTimestamp());
                }
                else
                {
                    // Keep the entry (stale answers go on) and let the next query try again.
                    entry.RefreshFailed();
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                entry.RefreshFailed();
                LogMessages.HandlerCrashed(_logger, e);
            }
        });
    }
}
