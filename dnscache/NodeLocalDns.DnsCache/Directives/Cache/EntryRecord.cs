using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Cache;

/// <summary>
/// What a <see cref="CacheHalf"/> knows of one cached answer, kept in pages of structs (no references, so nothing for the
/// GC to scan or copy): where its bytes are in the <see cref="BlobArena"/> (the wire body with ID 0 and no OPT, its TTL
/// offsets, the key it is stored under), its kind and times as <see cref="TimeProvider"/> timestamps.
/// <para><b>Version</b> is a sequence lock (the Linux kernel's seqlock): a writer makes it odd before it changes the record
/// and even again, with a new value, after; a reader that saw the same even value before and after its read knows that
/// nothing it read, the bytes in the arena included, was changed or reused meanwhile.</para>
/// </summary>
internal struct EntryRecord
{
    public int Version;

    /// <summary>The key's <see cref="WireKeyComparer"/> hash.</summary>
    public int Hash;

    /// <summary>The <see cref="BlobArena"/> block holding the body, the TTL offsets and the key, in that order.</summary>
    public int Block;

    public int BodyLength;

    /// <summary>How many TTL offsets (two bytes each) follow the body.</summary>
    public int OffsetCount;

    public int KeyLength;

    public ResponseKind Kind;

    /// <summary>The TTL the entry was stored with, in seconds.</summary>
    public int Ttl;

    /// <summary>Hits counted for prefetch (only read with <see cref="System.Threading.Volatile"/> and <see cref="Interlocked"/>).</summary>
    public int Hits;

    /// <summary>1 while one caller refreshes the entry (prefetch or a stale answer's refresh).</summary>
    public int Refreshing;

    public long StoredAt;

    public long ExpiresAt;

    /// <summary>The length of the block's content: body, offsets and key.</summary>
    public readonly int BlobLength => BodyLength + (OffsetCount * sizeof(ushort)) + KeyLength;

    /// <summary>Takes every field of <paramref name="other"/> but the version, which only its writer steps.</summary>
    public void CopyContentFrom(in EntryRecord other)
    {
        Hash = other.Hash;
        Block = other.Block;
        BodyLength = other.BodyLength;
        OffsetCount = other.OffsetCount;
        KeyLength = other.KeyLength;
        Kind = other.Kind;
        Ttl = other.Ttl;
        Hits = other.Hits;
        Refreshing = other.Refreshing;
        StoredAt = other.StoredAt;
        ExpiresAt = other.ExpiresAt;
    }
}
