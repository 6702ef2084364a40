using System.Runtime.InteropServices;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Cache;

/// <summary>
/// A cached answer as a lookup found it: views of its bytes in the cache's arena and a copy of its record, valid only as
/// long as <see cref="IsCurrent"/> says so afterwards. A writer may reuse the bytes while the caller reads them (the entry
/// evicted, replaced or moved), so a caller uses what it read only once <see cref="IsCurrent"/> returned true after the
/// reading, and otherwise looks again (the sequence lock in <see cref="EntryRecord"/>).
/// </summary>
internal readonly ref struct CachedAnswer
{
    private readonly ref EntryRecord _record;

    // The record as it was read, under its version (Version is the one IsCurrent expects).
    private readonly EntryRecord _copy;
    private readonly ReadOnlySpan<byte> _blob;

    public CachedAnswer(ref EntryRecord record, scoped in EntryRecord copy, ReadOnlySpan<byte> blob)
    {
        _record = ref record;
        _copy = copy;
        _blob = blob;
    }

    /// <summary>The stored response: ID 0, no OPT.</summary>
    public ReadOnlySpan<byte> Body => _blob[.._copy.BodyLength];

    /// <summary>Where the TTLs are in <see cref="Body"/> (they may point anywhere if the entry changed: check <see cref="IsCurrent"/>).</summary>
    public ReadOnlySpan<ushort> TtlOffsets => MemoryMarshal.Cast<byte, ushort>(_blob.Slice(_copy.BodyLength, _copy.OffsetCount * sizeof(ushort)));

    public ResponseKind Kind => _copy.Kind;

    public long StoredAt => _copy.StoredAt;

    public long ExpiresAt => _copy.ExpiresAt;

    /// <summary>The TTL the entry was stored with, in seconds.</summary>
    public int Ttl => _copy.Ttl;

    /// <summary>Whether the entry is still the one found, so everything read from it so far is what was stored.</summary>
    public bool IsCurrent()
    {
        // The reads of the bytes must complete before the version is read again (a load-load fence on arm64; on x64 it
        // only keeps the compiler from moving them).
        Volatile.ReadBarrier();
        return Volatile.Read(ref _record.Version) == _copy.Version;
    }

    /// <summary>The hit count after counting this one (for prefetch).</summary>
    public int CountHit() => Interlocked.Increment(ref _record.Hits);

    /// <summary>True for the one caller that gets to refresh this entry (prefetch or stale refresh).</summary>
    public bool TryStartRefresh()
    {
        if (Interlocked.Exchange(ref _record.Refreshing, 1) != 0)
        {
            return false;
        }

        if (!IsCurrent())
        {
            // The record now holds another entry: leave its flag as it was and let a later query refresh ours.
            Volatile.Write(ref _record.Refreshing, 0);
            return false;
        }

        return true;
    }

    /// <summary>
    /// The TTL to answer with, as CoreDNS's cache counts it (plugin/cache/item.go): the stored TTL less the whole
    /// seconds elapsed, so at least 1 until the entry expires exactly at its TTL; negative once expired.
    /// </summary>
    public int RemainingSeconds(long now, long frequency) =>
        now >= ExpiresAt ? -1 - (int)Math.Min(int.MaxValue - 1, (now - ExpiresAt) / frequency) : Ttl - (int)((now - StoredAt) / frequency);
}
