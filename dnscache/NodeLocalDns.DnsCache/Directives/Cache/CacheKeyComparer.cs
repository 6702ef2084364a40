using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Cache;

/// <summary>Compares cache entries by the key they carry, and finds them by a key span (so lookups allocate nothing).</summary>
internal sealed class CacheKeyComparer : IEqualityComparer<CacheEntry>, IAlternateEqualityComparer<ReadOnlySpan<byte>, CacheEntry>
{
    public static CacheKeyComparer Instance { get; } = new();

    public bool Equals(CacheEntry? x, CacheEntry? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.Key.SequenceEqual(y.Key));

    public int GetHashCode(CacheEntry obj) => WireKeyComparer.Instance.GetHashCode(obj.Key);

    public bool Equals(ReadOnlySpan<byte> alternate, CacheEntry other) => alternate.SequenceEqual(other.Key);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => WireKeyComparer.Instance.GetHashCode(alternate);

    /// <summary>Entries are added whole, never made from a bare key.</summary>
    public CacheEntry Create(ReadOnlySpan<byte> alternate) => throw new NotSupportedException("cache entries are added whole");
}
