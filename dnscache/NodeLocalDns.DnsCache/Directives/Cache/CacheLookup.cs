namespace NodeLocalDns.DnsCache.Directives.Cache;

/// <summary>The outcome of a cache lookup.</summary>
internal enum CacheLookup
{
    Miss,
    Hit,

    /// <summary>Expired but within <c>serve_stale</c>'s window.</summary>
    Stale,
}
