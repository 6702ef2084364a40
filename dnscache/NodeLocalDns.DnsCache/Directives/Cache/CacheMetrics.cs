using NodeLocalDns.DnsCache.Observability;

namespace NodeLocalDns.DnsCache.Directives.Cache;

/// <summary>
/// The <c>cache</c> directive's metric families, with CoreDNS's names, help texts and labels (plugin/cache/
/// metrics.go). Each block's <see cref="CacheHandler"/> holds its own series of them as handles.
/// </summary>
internal sealed class CacheMetrics
{
    public CacheMetrics(DnsMetrics registry)
    {
        Hits = registry.Add("coredns_cache_hits_total", "The count of cache hits.", "counter", "server", "type", "zones");
        Misses = registry.Add("coredns_cache_misses_total",
            "The count of cache misses. Deprecated, derive misses from cache hits/requests counters.", "counter", "server", "zones");
        Requests = registry.Add("coredns_cache_requests_total", "The count of cache requests.", "counter", "server", "zones");
        Entries = registry.Add("coredns_cache_entries", "The number of elements in the cache.", "gauge", "server", "type", "zones");
        Prefetch = registry.Add("coredns_cache_prefetch_total", "The number of times the cache has prefetched a cached item.", "counter", "server", "zones");
        ServedStale = registry.Add("coredns_cache_served_stale_total", "The number of requests served from stale cache entries.", "counter", "server", "zones");
    }

    public MetricFamily Hits { get; }

    public MetricFamily Misses { get; }

    public MetricFamily Requests { get; }

    /// <summary>A gauge read at scrape time from each block's cache.</summary>
    public MetricFamily Entries { get; }

    public MetricFamily Prefetch { get; }

    public MetricFamily ServedStale { get; }
}
