using System.Diagnostics.CodeAnalysis;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Cache;

/// <summary>
/// One half of a <see cref="ResponseCache"/> (success or denial): entries in a slot list, found through an index of
/// slot numbers (open addressing, linear probing, at most half full). Reads take no lock; writers take one.
/// <para><b>Why not a dictionary:</b> a gen0 collection copies every entry stored since the last one and scans every
/// old object that was made to point at one. A <c>ConcurrentDictionary</c> adds a node object per entry and writes
/// each new node into a random bucket of its large bucket array; here the index holds integers (nothing for the GC to
/// scan), an entry is two objects (itself and its array), and new entries land at the end of the slot list, so the
/// cards they dirty are contiguous. Gen0 pauses are what set the miss path's tail latency (dnscache/README.md,
/// "Memory").</para>
/// <para><b>Eviction:</b> a full half samples a few random slots and drops an expired entry (else the one closest to
/// expiry), CoreDNS's random eviction made a little smarter, in constant time.</para>
/// <para><b>Readers and writers:</b> a reader follows index cells to slots and accepts an entry only if its key is the
/// one asked for, so a reader racing a writer (a slot being refilled, an index being replaced) finds the right entry or
/// none: at worst one query goes upstream. Deleting leaves a tombstone rather than shifting the probe run back, so a
/// key that no writer touches is never out of its reader's path; the tombstones are cleared when the index is rebuilt.</para>
/// </summary>
internal sealed class CacheHalf
{
    private const int Samples = 8;
    private const int Empty = 0;
    private const int Tombstone = -1;
    private readonly Lock _gate = new();
    private readonly int _capacity;
    private CacheEntry?[] _slots = new CacheEntry?[16];

    // Slot number + 1 per cell, 0 for an empty cell, -1 for a deleted one; the length is a power of two, and entries and
    // tombstones together fill at most half of it.
    private int[] _index = new int[32];
    private int _count;
    private int _tombstones;

    public CacheHalf(int capacity) => _capacity = capacity;

    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Finds the entry stored under <paramref name="key"/>, whose <see cref="WireKeyComparer"/> hash is
    /// <paramref name="hash"/> (the caller hashes once for both halves); lock-free, allocates nothing.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> key, int hash, [NotNullWhen(true)] out CacheEntry? entry)
    {
        entry = null;
        if (Volatile.Read(ref _count) == 0)
        {
            return false;
        }

        var index = Volatile.Read(ref _index);
        var slots = Volatile.Read(ref _slots);
        var mask = index.Length - 1;
        for (int cell = hash & mask, probes = 0; probes < index.Length; cell = (cell + 1) & mask, probes++)
        {
            var value = Volatile.Read(ref index[cell]);
            if (value == Empty)
            {
                return false;
            }

            var slot = value - 1;
            if (value != Tombstone && slot < slots.Length && Volatile.Read(ref slots[slot]) is { } candidate
                && candidate.Hash == hash && candidate.Key.SequenceEqual(key))
            {
                entry = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether an entry with <paramref name="key"/> is stored (lock-free).</summary>
    public bool Contains(ReadOnlySpan<byte> key) => TryGet(key, WireKeyComparer.Instance.GetHashCode(key), out _);

    public void Remove(ReadOnlySpan<byte> key)
    {
        lock (_gate)
        {
            var cell = FindCell(key, WireKeyComparer.Instance.GetHashCode(key));
            if (cell >= 0)
            {
                Delete(cell);
            }
        }
    }

    /// <summary>Stores <paramref name="entry"/> (under the key it carries), replacing an entry of the same key.</summary>
    public void Set(CacheEntry entry, long now)
    {
        lock (_gate)
        {
            var existing = FindCell(entry.Key, entry.Hash);
            if (existing >= 0)
            {
                // A refresh: the new entry takes the old one's slot; the index cell already points there.
                var slot = _index[existing] - 1;
                entry.Slot = slot;
                Volatile.Write(ref _slots[slot], entry);
                return;
            }

            if (_count == _slots.Length)
            {
                var grown = new CacheEntry?[Math.Min(Math.Max(16, _count * 2), Math.Max(_capacity, 16) + 1)];
                Array.Copy(_slots, grown, _count);
                Volatile.Write(ref _slots, grown);
            }

            if ((_count + 1 + _tombstones) * 2 > _index.Length)
            {
                // Double when the entries alone need it; otherwise the same size, without the tombstones.
                Rebuild((_count + 1) * 4 > _index.Length ? _index.Length * 2 : _index.Length);
            }

            entry.Slot = _count;
            Volatile.Write(ref _slots[_count], entry);
            var free = FreeCell(entry.Hash);
            if (_index[free] == Tombstone)
            {
                _tombstones--;
            }

            Volatile.Write(ref _index[free], _count + 1);
            Volatile.Write(ref _count, _count + 1);
            if (_count > _capacity)
            {
                Evict(now, entry);
            }
        }
    }

    // The cell pointing at the entry stored under key, or -1.
    private int FindCell(ReadOnlySpan<byte> key, int hash)
    {
        var mask = _index.Length - 1;
        for (var cell = hash & mask; ; cell = (cell + 1) & mask)
        {
            var value = _index[cell];
            if (value == Empty)
            {
                return -1;
            }

            if (value == Tombstone)
            {
                continue;
            }

            var candidate = _slots[value - 1]!;
            if (candidate.Hash == hash && candidate.Key.SequenceEqual(key))
            {
                return cell;
            }
        }
    }

    // The cell pointing at slot (the entry there has hash).
    private int CellOf(int slot, int hash)
    {
        var mask = _index.Length - 1;
        var cell = hash & mask;
        while (_index[cell] != slot + 1)
        {
            cell = (cell + 1) & mask;
        }

        return cell;
    }

    // The first empty or deleted cell of hash's probe run (the key is known to be absent).
    private int FreeCell(int hash)
    {
        var mask = _index.Length - 1;
        var cell = hash & mask;
        while (_index[cell] > Empty)
        {
            cell = (cell + 1) & mask;
        }

        return cell;
    }

    // A new, larger index, filled from the slots and then published: readers keep using the one they hold.
    private void Rebuild(int length)
    {
        var index = new int[length];
        var mask = length - 1;
        for (var slot = 0; slot < _count; slot++)
        {
            var cell = _slots[slot]!.Hash & mask;
            while (index[cell] != Empty)
            {
                cell = (cell + 1) & mask;
            }

            index[cell] = slot + 1;
        }

        _tombstones = 0;
        Volatile.Write(ref _index, index);
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

        if (victim is not null)
        {
            Delete(CellOf(victim.Slot, victim.Hash));
        }
    }

    // Removes the entry the cell points at: the cell becomes a tombstone, and the last slot moves into the freed one,
    // keeping the slot list dense.
    private void Delete(int cell)
    {
        var slot = _index[cell] - 1;
        Volatile.Write(ref _index[cell], Tombstone);
        _tombstones++;

        var last = _count - 1;
        if (slot != last)
        {
            var moved = _slots[last]!;
            moved.Slot = slot;
            Volatile.Write(ref _slots[slot], moved);
            Volatile.Write(ref _index[CellOf(last, moved.Hash)], slot + 1);
        }

        Volatile.Write(ref _slots[last], null);
        Volatile.Write(ref _count, last);
    }
}
