using System.Collections.Concurrent;
using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Caching;

/// <summary>
/// The answer cache of one server block, as CoreDNS's cache plugin keeps it: a success half and a
/// denial half (which also holds SERVFAILs for a few seconds), each with its capacity, keyed by name,
/// type, class and the DO/CD bits. Reads are lock-free (alternate lookup on a span key); writes evict an
/// expired or arbitrary entry when full, like CoreDNS's random eviction.
/// </summary>
internal sealed class ResponseCache
{
    private readonly CacheOptions _options;
    private readonly TimeProvider _time;
    private readonly Half _success;
    private readonly Half _denial;
    private readonly long _staleTicks;

    public ResponseCache(CacheOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _success = new Half(options.SuccessCapacity);
        _denial = new Half(options.DenialCapacity);
        _staleTicks = options.ServeStale is { } stale ? (long)(stale.Duration.TotalSeconds * time.TimestampFrequency) : 0;
    }

    public CacheOptions Options => _options;

    public int SuccessCount => _success.Count;

    public int DenialCount => _denial.Count;

    public TimeProvider Time => _time;

    /// <summary>Finds <paramref name="key"/>; on a hit, <paramref name="ttl"/> is the whole seconds left (0 for stale).</summary>
    public CacheLookup Lookup(ReadOnlySpan<byte> key, long now, out CacheEntry? entry, out int ttl)
    {
        if (!_success.Lookup.TryGetValue(key, out entry) && !_denial.Lookup.TryGetValue(key, out entry))
        {
            ttl = 0;
            return CacheLookup.Miss;
        }

        var remaining = entry.RemainingSeconds(now, _time.TimestampFrequency);
        if (remaining > 0)
        {
            ttl = _options.KeepTtl ? -1 : remaining;
            return CacheLookup.Hit;
        }

        ttl = 0;
        return entry.Kind != ResponseKind.ServFail && _staleTicks > 0 && now - entry.ExpiresAt < _staleTicks ? CacheLookup.Stale : CacheLookup.Miss;
    }

    /// <summary>Whether a prefetch is due for a hit with <paramref name="remaining"/> seconds left (CoreDNS prefetch semantics).</summary>
    public bool ShouldPrefetch(CacheEntry entry, int remaining, long now)
    {
        if (_options.Prefetch is not { } prefetch || entry.Ttl <= 0)
        {
            return false;
        }

        var hits = entry.CountHit();
        var age = (now - entry.StoredAt) / (double)_time.TimestampFrequency;
        return hits >= prefetch.Amount && age <= prefetch.Duration.TotalSeconds + entry.Ttl &&
               remaining * 100 <= entry.Ttl * prefetch.Percentage && entry.TryStartRefresh();
    }

    /// <summary>Stores a response under <paramref name="key"/> if its kind is cached; returns the entry stored, if any.</summary>
    public CacheEntry? Store(ReadOnlySpan<byte> key, UpstreamResponse response, long now)
    {
        int seconds;
        Half half;
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
                return null;
        }

        if (seconds <= 0)
        {
            return null;
        }

        var entry = new CacheEntry(response.Body, response.TtlOffsets, response.Kind, now, now + (seconds * _time.TimestampFrequency), seconds);
        var other = half == _success ? _denial : _success;
        other.Remove(key);
        half.Set(key, entry, now);
        return entry;
    }

    private static int Clamp(uint ttl, TimeSpan min, TimeSpan max) =>
        (int)Math.Min(Math.Max(ttl, (uint)min.TotalSeconds), (uint)max.TotalSeconds);

    private sealed class Half
    {
        private readonly ConcurrentDictionary<byte[], CacheEntry> _entries = new(CacheKeyComparer.Instance);
        private readonly int _capacity;
        private int _count;

        public Half(int capacity)
        {
            _capacity = capacity;
            Lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
        }

        public ConcurrentDictionary<byte[], CacheEntry>.AlternateLookup<ReadOnlySpan<byte>> Lookup { get; }

        public int Count => Volatile.Read(ref _count);

        public void Remove(ReadOnlySpan<byte> key)
        {
            if (Lookup.TryRemove(key, out _, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }

        public void Set(ReadOnlySpan<byte> key, CacheEntry entry, long now)
        {
            if (Lookup.TryGetValue(key, out _))
            {
                _entries[key.ToArray()] = entry;
                return;
            }

            if (Volatile.Read(ref _count) >= _capacity)
            {
                Evict(now);
            }

            if (Lookup.TryAdd(key, entry))
            {
                Interlocked.Increment(ref _count);
            }
        }

        // Evict one entry: an expired one among the first few seen, else the first (hash order is
        // effectively random, which is what CoreDNS's cache does).
        private void Evict(long now)
        {
            KeyValuePair<byte[], CacheEntry>? victim = null;
            var looked = 0;
            foreach (var pair in _entries)
            {
                victim ??= pair;
                if (pair.Value.ExpiresAt <= now)
                {
                    victim = pair;
                    break;
                }

                if (++looked >= 8)
                {
                    break;
                }
            }

            if (victim is { } v && _entries.TryRemove(v.Key, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }
}
