using System.Runtime.InteropServices;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Cache;

/// <summary>
/// A stored answer: one array holding the wire body (ID 0, no OPT), its TTL offsets and the key it is stored
/// under, and when it was stored and expires, as <see cref="TimeProvider"/> timestamps. One array rather than
/// three keeps a cached name at two objects (this and the array; <see cref="CacheHalf"/>'s index holds integers), which
/// is what the GC walks and copies as the cache fills. Immutable except for the hit counter, the prefetch flag and its slot.
/// </summary>
internal sealed class CacheEntry
{
    private readonly byte[] _blob;
    private readonly int _bodyLength;
    private readonly int _offsetsLength;
    private int _hits;
    private int _refreshing;

    private CacheEntry(byte[] blob, int bodyLength, int offsetsLength, ResponseKind kind, long storedAt, long expiresAt, int ttl)
    {
        _blob = blob;
        Hash = WireKeyComparer.Instance.GetHashCode(blob.AsSpan(bodyLength + offsetsLength));
        _bodyLength = bodyLength;
        _offsetsLength = offsetsLength;
        Kind = kind;
        StoredAt = storedAt;
        ExpiresAt = expiresAt;
        Ttl = ttl;
    }

    /// <summary>Packs <paramref name="body"/>, <paramref name="ttlOffsets"/> and <paramref name="key"/> into one entry.</summary>
    public static CacheEntry Create(
        ReadOnlySpan<byte> key, ReadOnlySpan<byte> body, ReadOnlySpan<ushort> ttlOffsets, ResponseKind kind, long storedAt, long expiresAt, int ttl)
    {
        var offsets = MemoryMarshal.AsBytes(ttlOffsets);
        var blob = new byte[body.Length + offsets.Length + key.Length];
        body.CopyTo(blob);
        offsets.CopyTo(blob.AsSpan(body.Length));
        key.CopyTo(blob.AsSpan(body.Length + offsets.Length));
        return new CacheEntry(blob, body.Length, offsets.Length, kind, storedAt, expiresAt, ttl);
    }

    public ReadOnlySpan<byte> Body => _blob.AsSpan(0, _bodyLength);

    public ReadOnlySpan<ushort> TtlOffsets => MemoryMarshal.Cast<byte, ushort>(_blob.AsSpan(_bodyLength, _offsetsLength));

    /// <summary>The key it is stored under.</summary>
    public ReadOnlySpan<byte> Key => _blob.AsSpan(_bodyLength + _offsetsLength);

    /// <summary>The hash of <see cref="Key"/> (<see cref="WireKeyComparer"/>), computed once.</summary>
    public int Hash { get; }

    /// <summary>Its index in its <see cref="CacheHalf"/>'s slot list (for O(1) random eviction).</summary>
    public int Slot { get; set; }

    public ResponseKind Kind { get; }

    public long StoredAt { get; }

    public long ExpiresAt { get; }

    /// <summary>The TTL the entry was stored with, in seconds.</summary>
    public int Ttl { get; }

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
