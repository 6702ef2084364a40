using System.Collections.Concurrent;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Cache;

/// <summary>
/// One half of a <see cref="ResponseCache"/> (success or denial): entries keyed by their wire key, read
/// lock-free through a span lookup, with a count kept alongside so that the capacity check is O(1).
/// </summary>
internal sealed class CacheHalf
{
    private readonly ConcurrentDictionary<byte[], CacheEntry> _entries = new(WireKeyComparer.Instance);
    private readonly int _capacity;
    private int _count;

    public CacheHalf(int capacity)
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
