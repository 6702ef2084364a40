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
    // Lookups of one query racing writers (CachedAnswer.IsCurrent false every time) before it counts as a miss.
    private const int LookupAttempts = 4;
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
    /// <c>serve_stale immediate</c>). <paramref name="refresh"/> says the caller must refresh the entry in the
    /// background (<see cref="StartRefresh"/>): a popular one near expiry, or the stale one just answered.
    /// </summary>
    /// <returns>Whether the cache answered (<paramref name="length"/> bytes in <paramref name="output"/>).</returns>
    public bool TryAnswer(ReadOnlySpan<byte> packet, in ParsedQuery q, ReadOnlySpan<byte> key, int limit, Span<byte> output, long now,
        out int length, out bool refresh)
    {
        refresh = false;
        length = 0;
        if (!WireName.IsInAnyZone(key[..q.NameLength], _zones))
        {
            return false;
        }

        _requests.Increment();

        // The answer is written from the cache's arena and then checked: a writer that evicted, replaced or moved the
        // entry meanwhile makes the lookup start again (rarely more than once; after a few tries it counts as a miss).
        for (var attempt = 0; attempt < LookupAttempts; attempt++)
        {
            switch (Responses.Lookup(key, now, out var answer, out var ttl))
            {
                case CacheLookup.Hit:
                    if (!TryWrite(packet, q, answer, ttl, limit, output, out length))
                    {
                        continue;
                    }

                    (answer.Kind == ResponseKind.Success ? _hitsSuccess : _hitsDenial).Increment();
                    if (Responses.ShouldPrefetch(answer, ttl, now))
                    {
                        _prefetches.Increment();
                        refresh = true;
                    }

                    return true;
                case CacheLookup.Stale when !Options.ServeStale!.Verify:
                    // serve_stale immediate: answer now with TTL 0 and refresh in the background.
                    if (!TryWrite(packet, q, answer, 0, limit, output, out length))
                    {
                        continue;
                    }

                    _servedStale.Increment();
                    refresh = answer.TryStartRefresh();
                    return true;
                default:
                    length = 0;
                    _misses.Increment();
                    return false;
            }
        }

        length = 0;
        _misses.Increment();
        return false;
    }

    /// <summary>
    /// Stores an upstream answer when the name is in the cache's zones. Returns the TTL to answer with: the
    /// stored entry's, so the first client already sees the capped TTL; -1 keeps the upstream's.
    /// </summary>
    public int Store(byte[] key, int nameLength, UpstreamResponse response, long now)
    {
        var seconds = WireName.IsInAnyZone(key.AsSpan(0, nameLength), _zones) ? Responses.Store(key, response, now) : 0;
        return seconds > 0 && !Options.KeepTtl ? seconds : -1;
    }

    /// <summary>When every upstream failed: a stale answer (TTL 0) beats SERVFAIL (serve_stale, RFC 8767 §4).</summary>
    public bool TryAnswerStale(ReadOnlySpan<byte> packet, in ParsedQuery q, byte[] key, int limit, Span<byte> output, long now, out int length)
    {
        for (var attempt = 0; attempt < LookupAttempts; attempt++)
        {
            if (Responses.Lookup(key, now, out var stale, out _) != CacheLookup.Stale)
            {
                break;
            }

            if (TryWrite(packet, q, stale, 0, limit, output, out length))
            {
                _servedStale.Increment();
                return true;
            }
        }

        length = 0;
        return false;
    }

    // Writes the answer for the query, then says whether the entry was still the one read (else the bytes are garbage).
    private static bool TryWrite(ReadOnlySpan<byte> packet, in ParsedQuery q, in CachedAnswer answer, int ttl, int limit, Span<byte> output,
        out int length)
    {
        length = ResponseWriter.Write(packet, q, answer.Body, answer.TtlOffsets, ttl, limit, output);
        return answer.IsCurrent();
    }

    /// <summary>Asks <paramref name="forwarder"/> for <paramref name="key"/> in the background and stores the answer.</summary>
    public void StartRefresh(Forwarder? forwarder, byte[] key)
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
                    Responses.RefreshFailed(key);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Responses.RefreshFailed(key);
                LogMessages.HandlerCrashed(_logger, e);
            }
        });
    }
}
