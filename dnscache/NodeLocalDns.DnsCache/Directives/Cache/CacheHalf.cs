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

    /// <summary>Whether an entry with <paramref name="key"/> is stored (lock-free).</summary>
    public bool Contains(ReadOnlySpan<byte> key) => Volatile.Read(ref _count) > 0 && Lookup.ContainsKey(key);

    /// <summary>Stores <paramref name="entry"/> (under the key it carries), replacing an entry of the same key.</summary>
    public void Set(CacheEntry entry, long now)
    {
        lock (_gate)
        {
            // A new key (every miss) costs one dictionary operation; a replaced one (a refresh) three.
            if (!_entries.TryAdd(entry, entry))
            {
                // The entry is its own key, so the old one is taken out rather than overwritten (an overwrite keeps
                // the old key object, and with it the old entry's arrays). A reader in between misses once and asks
                // upstream: harmless.
                if (_entries.TryRemove(entry, out var existing))
                {
                    entry.Slot = existing.Slot;
                    _slots[existing.Slot] = entry;
                    _entries[entry] = entry;
                    return;
                }

                _entries[entry] = entry;
            }

            if (_count == _slots.Length)
            {
                Array.Resize(ref _slots, Math.Min(Math.Max(16, _count * 2), Math.Max(_capacity, 16) + 1));
            }

            entry.Slot = _count;
            _slots[_count] = entry;
            Volatile.Write(ref _count, _count + 1);
            if (_count > _capacity)
            {
                Evict(now, entry);
            }
        }
    }

    // Makes room: a few random slots are sampled, and an expired one (else the one closest to expiry) goes; never the
    // entry just stored.
    private void Evict(long now, CacheEntry stored)
    {
        CacheEntry? victim = null;
        for (var i = 0; i < Samples && _count > 1; i++)
        {
            var candidate = _slots[Random.Shared.Next(_count)]!;
            if (ReferenceEquals(candidate, stored))
            {
                continue;
            }

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

        if (victim is null && _count > 1)
        {
            // Every sample drew the new entry (a tiny cache): take another.
            victim = _slots[stored.Slot == 0 ? 1 : 0];
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
