using System.Runtime.InteropServices;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Cache;

/// <summary>
/// One half of a <see cref="ResponseCache"/> (success or denial): entries as records in a dense slot list, their bytes in
/// a <see cref="BlobArena"/>, found through an index of slot numbers tagged with the key's hash (open addressing, linear
/// probing, at most half full). Reads take no lock; writers take one.
/// <para><b>Why no objects:</b> a gen0 collection copies every object stored since the last one, and a gen1 collection
/// copies them once more; on the miss path (one new entry per query) those copies and pauses were a tenth of the CPU and
/// the whole tail latency. Here storing an entry allocates nothing of its own: its record is a struct in a page of
/// records, its bytes a block of the arena, its index cell a 64-bit integer (what allocates is growth: a page per
/// 1,024 records, an arena chunk, and a new index when it doubles or is rebuilt to clear tombstones, every few
/// thousand entries). Nothing here holds a reference the GC must follow
/// (dnscache/README.md, "Performance").</para>
/// <para><b>The index:</b> a cell holds the key's 32-bit hash above the slot number + 1 (0 for an empty cell, -1 for a
/// deleted one), so a probe that meets another key almost never touches its record: the miss path's lookups cost a cache
/// line of the index, not one per record probed.</para>
/// <para><b>Eviction:</b> a full half samples a few random slots and drops an expired entry (else the one closest to
/// expiry), CoreDNS's random eviction made a little smarter, in constant time.</para>
/// <para><b>Readers and writers:</b> a reader follows index cells to records and accepts one only if its key is the one
/// asked for, reading under the record's sequence lock (<see cref="EntryRecord"/>); the caller checks
/// <see cref="CachedAnswer.IsCurrent"/> after using the bytes. A reader racing a writer (a record refilled or moved, a
/// block reused, an index replaced) finds the right entry or none: at worst one query goes upstream. Deleting leaves a
/// tombstone rather than shifting the probe run back, so a key that no writer touches is never out of its reader's path;
/// the tombstones are cleared when the index is rebuilt.</para>
/// </summary>
internal sealed class CacheHalf
{
    private const int Samples = 8;
    private const long Empty = 0;
    private const long Tombstone = -1;
    private const int PageBits = 10;
    private const int PageLength = 1 << PageBits;
    private const int PageMask = PageLength - 1;
    private readonly Lock _gate = new();
    private readonly int _capacity;
    private readonly BlobArena _arena = new();

    // Pages of records, never moved once allocated (a reader may hold one while the page list grows).
    private EntryRecord[][] _pages = [];

    // Length a power of two; entries and tombstones together fill at most half of it.
    private long[] _index = new long[32];
    private int _count;
    private int _tombstones;

    public CacheHalf(int capacity) => _capacity = capacity;

    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Finds the entry stored under <paramref name="key"/>, whose <see cref="WireKeyComparer"/> hash is
    /// <paramref name="hash"/> (the caller hashes once for both halves); lock-free, allocates nothing. The caller must
    /// check <see cref="CachedAnswer.IsCurrent"/> after reading the answer's bytes.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> key, int hash, out CachedAnswer answer)
    {
        answer = default;
        if (Volatile.Read(ref _count) == 0)
        {
            return false;
        }

        var index = Volatile.Read(ref _index);
        var pages = Volatile.Read(ref _pages);
        var mask = index.Length - 1;
        for (int cell = hash & mask, probes = 0; probes < index.Length; cell = (cell + 1) & mask, probes++)
        {
            var value = Volatile.Read(ref index[cell]);
            if (value == Empty)
            {
                return false;
            }

            if (value == Tombstone || HashOf(value) != hash)
            {
                continue;
            }

            var slot = SlotOf(value);
            if ((uint)(slot >> PageBits) >= (uint)pages.Length)
            {
                continue;
            }

            ref var record = ref pages[slot >> PageBits][slot & PageMask];
            var version = Volatile.Read(ref record.Version);
            if ((version & 1) != 0)
            {
                // A writer is changing this record: treat it as absent (one query goes upstream).
                continue;
            }

            var copy = record;
            Volatile.ReadBarrier();
            if (Volatile.Read(ref record.Version) != version || copy.Hash != hash
                || !_arena.TryView(copy.Block, copy.BlobLength, out var blob)
                || !blob[(copy.BlobLength - copy.KeyLength)..].SequenceEqual(key))
            {
                continue;
            }

            answer = new CachedAnswer(ref record, copy, blob);
            return true;
        }

        return false;
    }

    /// <summary>Whether an entry with <paramref name="key"/> is stored (lock-free).</summary>
    public bool Contains(ReadOnlySpan<byte> key, int hash) => TryGet(key, hash, out var answer) && answer.IsCurrent();

    public void Remove(ReadOnlySpan<byte> key, int hash)
    {
        lock (_gate)
        {
            var cell = FindCell(key, hash);
            if (cell >= 0)
            {
                Delete(cell);
            }
        }
    }

    /// <summary>A refresh of the entry stored under <paramref name="key"/> failed: a later query may try again.</summary>
    public void RefreshFailed(ReadOnlySpan<byte> key, int hash)
    {
        lock (_gate)
        {
            var cell = FindCell(key, hash);
            if (cell >= 0)
            {
                Volatile.Write(ref Record(SlotOf(_index[cell])).Refreshing, 0);
            }
        }
    }

    /// <summary>
    /// Stores an answer under <paramref name="key"/> (hash <paramref name="hash"/>), replacing an entry of the same key;
    /// false when the arena cannot hold it (longer than <see cref="BlobArena.MaxBlockLength"/>).
    /// </summary>
    public bool Set(ReadOnlySpan<byte> key, int hash, ReadOnlySpan<byte> body, ReadOnlySpan<ushort> ttlOffsets, in EntryStamp stamp, long now)
    {
        var offsets = MemoryMarshal.AsBytes(ttlOffsets);
        var length = body.Length + offsets.Length + key.Length;
        lock (_gate)
        {
            var block = _arena.Allocate(length);
            if (block < 0)
            {
                return false;
            }

            // The bytes go into a block no reader can see yet; the record then points at it.
            var blob = _arena.Writable(block, length);
            body.CopyTo(blob);
            offsets.CopyTo(blob[body.Length..]);
            key.CopyTo(blob[(body.Length + offsets.Length)..]);
            var fresh = new EntryRecord
            {
                Hash = hash,
                Block = block,
                BodyLength = body.Length,
                OffsetCount = ttlOffsets.Length,
                KeyLength = key.Length,
                Kind = stamp.Kind,
                Ttl = stamp.Ttl,
                StoredAt = stamp.StoredAt,
                ExpiresAt = stamp.ExpiresAt,
            };

            var existing = FindCell(key, hash);
            if (existing >= 0)
            {
                // A refresh: the new answer takes the old one's record; the index cell already points there.
                ref var record = ref Record(SlotOf(_index[existing]));
                var (oldBlock, oldLength) = (record.Block, record.BlobLength);
                Overwrite(ref record, fresh);
                _arena.Free(oldBlock, oldLength);
                return true;
            }

            if (_count == _pages.Length * PageLength)
            {
                var pages = new EntryRecord[_pages.Length + 1][];
                Array.Copy(_pages, pages, _pages.Length);
                pages[^1] = new EntryRecord[PageLength];
                Volatile.Write(ref _pages, pages);
            }

            if ((_count + 1 + _tombstones) * 2 > _index.Length)
            {
                // Double when the entries alone need it; otherwise the same size, without the tombstones.
                Rebuild((_count + 1) * 4 > _index.Length ? _index.Length * 2 : _index.Length);
            }

            var slot = _count;
            Overwrite(ref Record(slot), fresh);
            var free = FreeCell(hash);
            if (_index[free] == Tombstone)
            {
                _tombstones--;
            }

            Volatile.Write(ref _index[free], Cell(hash, slot));
            Volatile.Write(ref _count, _count + 1);
            if (_count > _capacity)
            {
                Evict(now, slot);
            }

            return true;
        }
    }

    private static long Cell(int hash, int slot) => ((long)hash << 32) | (uint)(slot + 1);

    private static int HashOf(long cell) => (int)(cell >> 32);

    private static int SlotOf(long cell) => (int)(uint)cell - 1;

    // The sequence-lock write: odd while the record changes, then even with a new value. Interlocked.Increment is a full
    // fence, so no reader sees the new content while the old version is still current; the closing write is a release,
    // so the content is visible before the new version is.
    private static void Overwrite(ref EntryRecord record, in EntryRecord content)
    {
        var version = Interlocked.Increment(ref record.Version);
        record.CopyContentFrom(content);
        Volatile.Write(ref record.Version, version + 1);
    }

    // Makes readers holding this record look again (its content is unchanged until it is overwritten).
    private static void Invalidate(ref EntryRecord record) => Overwrite(ref record, record);

    private ref EntryRecord Record(int slot) => ref _pages[slot >> PageBits][slot & PageMask];

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

            if (value == Tombstone || HashOf(value) != hash)
            {
                continue;
            }

            ref var record = ref Record(SlotOf(value));
            if (_arena.Writable(record.Block, record.BlobLength)[(record.BlobLength - record.KeyLength)..].SequenceEqual(key))
            {
                return cell;
            }
        }
    }

    // The cell pointing at slot (the entry there has hash).
    private int CellOf(int slot, int hash)
    {
        var mask = _index.Length - 1;
        var target = Cell(hash, slot);
        var cell = hash & mask;
        while (_index[cell] != target)
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
        while (_index[cell] != Empty && _index[cell] != Tombstone)
        {
            cell = (cell + 1) & mask;
        }

        return cell;
    }

    // A new index, filled from the records and then published: readers keep using the one they hold.
    private void Rebuild(int length)
    {
        var index = new long[length];
        var mask = length - 1;
        for (var slot = 0; slot < _count; slot++)
        {
            var hash = Record(slot).Hash;
            var cell = hash & mask;
            while (index[cell] != Empty)
            {
                cell = (cell + 1) & mask;
            }

            index[cell] = Cell(hash, slot);
        }

        _tombstones = 0;
        Volatile.Write(ref _index, index);
    }

    // Makes room: a few random slots are sampled, and an expired one (else the one closest to expiry) goes; never the
    // entry just stored.
    private void Evict(long now, int stored)
    {
        var victim = -1;
        for (var i = 0; i < Samples && _count > 1; i++)
        {
            var candidate = Random.Shared.Next(_count);
            if (candidate == stored)
            {
                continue;
            }

            var expiresAt = Record(candidate).ExpiresAt;
            if (expiresAt <= now)
            {
                victim = candidate;
                break;
            }

            if (victim < 0 || expiresAt < Record(victim).ExpiresAt)
            {
                victim = candidate;
            }
        }

        if (victim < 0 && _count > 1)
        {
            // Every sample drew the new entry (a tiny cache): take another.
            victim = stored == 0 ? 1 : 0;
        }

        if (victim >= 0)
        {
            Delete(CellOf(victim, Record(victim).Hash));
        }
    }

    // Removes the entry the cell points at: the cell becomes a tombstone, the last record moves into the freed slot
    // (keeping the slot list dense), and the entry's block goes back to the arena once no record points at it.
    private void Delete(int cell)
    {
        var slot = SlotOf(_index[cell]);
        Volatile.Write(ref _index[cell], Tombstone);
        _tombstones++;

        ref var record = ref Record(slot);
        var (block, length) = (record.Block, record.BlobLength);
        var last = _count - 1;
        if (slot != last)
        {
            ref var moved = ref Record(last);
            Overwrite(ref record, moved);
            Volatile.Write(ref _index[CellOf(last, moved.Hash)], Cell(moved.Hash, slot));
            Invalidate(ref moved);
        }
        else
        {
            Invalidate(ref record);
        }

        _arena.Free(block, length);
        Volatile.Write(ref _count, last);
    }
}
