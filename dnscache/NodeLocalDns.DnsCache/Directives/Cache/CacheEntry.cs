using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Cache;

/// <summary>
/// A stored answer: the wire body (ID 0, no OPT) with its TTL offsets, and when it was stored and expires,
/// as <see cref="TimeProvider"/> timestamps. Immutable except for the hit counter and prefetch flag.
/// </summary>
internal sealed class CacheEntry(byte[] body, ushort[] ttlOffsets, ResponseKind kind, long storedAt, long expiresAt, int ttl)
{
    private int _hits;
    private int _refreshing;

    /// <summary>The key it is stored under (set when stored).</summary>
    public byte[] Key { get; private set; } = [];

    /// <summary>Its index in its <see cref="CacheHalf"/>'s slot list (for O(1) random eviction).</summary>
    public int Slot { get; set; }

    /// <summary>Records where the entry is stored.</summary>
    public void Attach(byte[] key, int slot)
    {
        Key = key;
        Slot = slot;
    }

    public byte[] Body { get; } = body;

    public ushort[] TtlOffsets { get; } = ttlOffsets;

    public ResponseKind Kind { get; } = kind;

    public long StoredAt { get; } = storedAt;

    public long ExpiresAt { get; } = expiresAt;

    /// <summary>The TTL the entry was stored with, in seconds.</summary>
    public int Ttl { get; } = ttl;

    public int Hits => Volatile.Read(ref _hits);

    public int CountHit() => Interlocked.Increment(ref _hits);

    /// <summary>True for the one caller that gets to refresh this entry (prefetch or stale refresh).</summary>
    public bool TryStartRefresh() => Interlocked.Exchange(ref _refreshing, 1) == 0;

    /// <summary>A refresh failed (upstream down): let a later query try again.</summary>
    public void RefreshFailed() => Volatile.Write(ref _refreshing, 0);

    /// <summary>
    /// The TTL to answer with, as CoreDNS's cache counts it (plugin/cache/item.go): the stored TTL less the whole
    /// seconds elapsed, so at least 1 until the entry expires exactly at its TTL; negative once expired.
    /// </summary>
    public int RemainingSeconds(long now, long frequency) =>
        now >= ExpiresAt ? -1 - (int)Math.Min(int.MaxValue - 1, (now - ExpiresAt) / frequency) : Ttl - (int)((now - StoredAt) / frequency);
}
