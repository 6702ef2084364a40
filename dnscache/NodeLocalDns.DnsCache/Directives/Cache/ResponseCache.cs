using NodeLocalDns.Corefile.Directives.Cache;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Cache;

/// <summary>
/// The answer cache of one server block, as CoreDNS's cache plugin keeps it: a success half and a
/// denial half (which also holds SERVFAILs for a few seconds), each with its capacity, keyed by name,
/// type, class and the DO/CD bits. Reads are lock-free (a span key, no allocation); writes evict an
/// expired or arbitrary entry when full, like CoreDNS's random eviction.
/// </summary>
internal sealed class ResponseCache
{
    private readonly CacheOptions _options;
    private readonly TimeProvider _time;
    private readonly CacheHalf _success;
    private readonly CacheHalf _denial;
    private readonly long _staleTicks;

    public ResponseCache(CacheOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _success = new CacheHalf(options.SuccessCapacity);
        _denial = new CacheHalf(options.DenialCapacity);
        _staleTicks = options.ServeStale is { } stale ? (long)(stale.Duration.TotalSeconds * time.TimestampFrequency) : 0;
    }

    public CacheOptions Options => _options;

    public int SuccessCount => _success.Count;

    public int DenialCount => _denial.Count;

    public TimeProvider Time => _time;

    /// <summary>
    /// Finds <paramref name="key"/>; on a hit, <paramref name="ttl"/> is the whole seconds left (0 for stale). The caller
    /// checks <see cref="CachedAnswer.IsCurrent"/> after reading the answer, and looks again if it is not.
    /// </summary>
    public CacheLookup Lookup(ReadOnlySpan<byte> key, long now, out CachedAnswer answer, out int ttl)
    {
        var hash = WireKeyComparer.Instance.GetHashCode(key);
        if (!_success.TryGet(key, hash, out answer) && !_denial.TryGet(key, hash, out answer))
        {
            ttl = 0;
            return CacheLookup.Miss;
        }

        var remaining = answer.RemainingSeconds(now, _time.TimestampFrequency);
        if (remaining > 0)
        {
            ttl = _options.KeepTtl ? -1 : remaining;
            return CacheLookup.Hit;
        }

        ttl = 0;
        return answer.Kind != ResponseKind.ServFail && _staleTicks > 0 && now - answer.ExpiresAt < _staleTicks ? CacheLookup.Stale : CacheLookup.Miss;
    }

    /// <summary>Whether a prefetch is due for a hit with <paramref name="remaining"/> seconds left (CoreDNS prefetch semantics).</summary>
    public bool ShouldPrefetch(in CachedAnswer answer, int remaining, long now)
    {
        if (_options.Prefetch is not { } prefetch || answer.Ttl <= 0)
        {
            return false;
        }

        var hits = answer.CountHit();
        var age = (now - answer.StoredAt) / (double)_time.TimestampFrequency;
        return hits >= prefetch.Amount && age <= prefetch.Duration.TotalSeconds + answer.Ttl &&
               remaining * 100 <= answer.Ttl * prefetch.Percentage && answer.TryStartRefresh();
    }

    /// <summary>A refresh of <paramref name="key"/> failed (upstream down): let a later query try again.</summary>
    public void RefreshFailed(ReadOnlySpan<byte> key)
    {
        var hash = WireKeyComparer.Instance.GetHashCode(key);
        _success.RefreshFailed(key, hash);
        _denial.RefreshFailed(key, hash);
    }

    /// <summary>Stores a response under <paramref name="key"/> if its kind is cached; returns the TTL it was stored with, 0 if not.</summary>
    public int Store(ReadOnlySpan<byte> key, UpstreamResponse response, long now)
    {
        int seconds;
        CacheHalf half;
        switch (response.Kind)
        {
            case ResponseKind.Success when !_options.DisableSuccess:
                seconds = Clamp(response.Ttl, _options.SuccessMinTtl, _options.SuccessMaxTtl);
                half = _success;
                break;
            case ResponseKind.Denial when !_options.DisableDenial:
                seconds = Clamp(response.Ttl, _options.DenialMinTtl, _options.DenialMaxTtl);
                half = _denial;
                break;
            case ResponseKind.ServFail when _options.ServfailTtl > TimeSpan.Zero:
                // CoreDNS caches SERVFAIL for `servfail` (default 5 s) so a broken upstream is not hammered.
                seconds = (int)Math.Max(1, _options.ServfailTtl.TotalSeconds);
                half = _denial;
                break;
            default:
                return 0;
        }

        if (seconds <= 0)
        {
            return 0;
        }

        var hash = WireKeyComparer.Instance.GetHashCode(key);
        var other = half == _success ? _denial : _success;
        if (other.Contains(key, hash))
        {
            // The name changed kind (an NXDOMAIN that now exists): the old answer must not be found first.
            other.Remove(key, hash);
        }

        var stamp = new EntryStamp(response.Kind, now, now + (seconds * _time.TimestampFrequency), seconds);
        return half.Set(key, hash, response.Body, response.TtlOffsets, stamp, now) ? seconds : 0;
    }

    private static int Clamp(uint ttl, TimeSpan min, TimeSpan max) =>
        (int)Math.Min(Math.Max(ttl, (uint)min.TotalSeconds), (uint)max.TotalSeconds);
}
