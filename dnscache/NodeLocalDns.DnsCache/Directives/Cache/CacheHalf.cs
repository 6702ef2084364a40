using System.Collections.Concurrent;

namespace NodeLocalDns.DnsCache.Directives.Cache;

/// <summary>
/// One half of a <see cref="ResponseCache"/> (success or denial): entries keyed by their wire key, read lock-free
/// through a span lookup. Writers take a lock and also keep every entry in a slot list, so that a full half
/// evicts in constant time: a few random slots are sampled and an expired one (else the one closest to expiry)
/// goes, CoreDNS's random eviction made a little smarter. (Taking the first entries of the dictionary's
/// enumeration instead scanned ever more emptied buckets and made a miss cost O(entries) once the cache was full.)
/// </summary>
internal sealed class CacheHalf
{
    private const int Samples = 8;
    private readonly ConcurrentDictionary<CacheEntry, CacheEntry> _entries = new(CacheKeyComparer.Instance);
    private readonly Lock _gate = new();
    private readonly int _capacity;
    private CacheEntry?[] _slots = new CacheEntry?[16];
    private int _count;

    public CacheHalf(int capacity)
    {
        _capacity = capacity;
        Lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public ConcurrentDictionary<CacheEntry, CacheEntry>.AlternateLookup<ReadOnlySpan<byte>> Lookup { get; }

    public int Count => Volatile.Read(ref _count);

    public void Remove(ReadOnlySpan<byte> key)
    {
        lock (_gate)
        {
            if (Lookup.TryRemove(key, out _, out var removed))
            {
                RemoveSlot(removed.Slot);
            }
        }
    }

    /// <summary>Stores <paramref name="entry"/> (under the key it carries), replacing an entry of the same key.</summary>
    public void Set(CacheEntry entry, long now)
    {
        lock (_gate)
        {
            if (_entries.TryRemove(entry, out var existing))
            {
                // A reader in between misses once and asks upstream: harmless.
                entry.Slot = existing.Slot;
                _slots[existing.Slot] = entry;
                _entries[entry] = entry;
                return;
            }

            if (_count >= _capacity)
            {
                Evict(now);
            }

            if (_count == _slots.Length)
            {
                Array.Resize(ref _slots, Math.Min(Math.Max(16, _count * 2), Math.Max(_capacity, 16)));
            }

            entry.Slot = _count;
            _slots[_count] = entry;
            _entries[entry] = entry;
            Volatile.Write(ref _count, _count + 1);
        }
    }

    private void Evict(long now)
    {
        CacheEntry? victim = null;
        for (var i = 0; i < Samples && _count > 0; i++)
        {
            var candidate = _slots[Random.Shared.Next(_count)]!;
            if (candidate.ExpiresAt <= now)
            {
                victim = candidate;
                break;
            }

            if (victim is null || candidate.ExpiresAt < victim.ExpiresAt)
            {
                victim = candidate;
            }
        }

        if (victim is not null && _entries.TryRemove(victim, out _))
        {
            RemoveSlot(victim.Slot);
        }
    }

    private void RemoveSlot(int slot)
    {
        var last = _count - 1;
        var moved = _slots[last]!;
        _slots[slot] = moved;
        moved.Slot = slot;
        _slots[last] = null;
        Volatile.Write(ref _count, last);
    }
}
