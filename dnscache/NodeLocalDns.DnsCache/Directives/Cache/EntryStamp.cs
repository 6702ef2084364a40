using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Cache;

/// <summary>What a new cache entry is and when it was stored and expires (<see cref="TimeProvider"/> timestamps); its TTL in seconds.</summary>
internal readonly record struct EntryStamp(ResponseKind Kind, long StoredAt, long ExpiresAt, int Ttl);
