using System.Text;

namespace NodeLocalDns.DnsCache.Observability;

/// <summary>
/// Every metric the daemon exports, with CoreDNS's names and labels so node-local-dns dashboards keep
/// working. Exposition is hand-written rather than prometheus-net: label lookups happen once per series
/// and the hot path only does interlocked adds on held handles, and nothing here needs reflection, which
/// keeps the NativeAOT build warning-free.
/// </summary>
internal sealed class DnsMetrics
{
    /// <summary>CoreDNS's request duration buckets: prometheus.ExponentialBuckets(0.00025, 2, 16).</summary>
    public static readonly double[] DurationBuckets = [.. Enumerable.Range(0, 16).Select(i => 0.00025 * Math.Pow(2, i))];

    public DnsMetrics()
    {
        Requests = Add("coredns_dns_requests_total", "Counter of DNS requests made per zone, protocol and family.", "counter", "server", "zone", "proto", "family", "type");
        Responses = Add("coredns_dns_responses_total", "Counter of response status codes.", "counter", "server", "zone", "rcode", "plugin");
        RequestDuration = Add("coredns_dns_request_duration_seconds", "Histogram of the time (in seconds) each request took.", "histogram", DurationBuckets, "server", "zone", "type");
        CacheHits = Add("coredns_cache_hits_total", "The count of cache hits.", "counter", "server", "type", "zones");
        CacheMisses = Add("coredns_cache_misses_total", "The count of cache misses. Deprecated, derive misses from cache hits/requests counters.", "counter", "server", "zones");
        CacheRequests = Add("coredns_cache_requests_total", "The count of cache requests.", "counter", "server", "zones");
        CacheEntries = Add("coredns_cache_entries", "The number of elements in the cache.", "gauge", "server", "type", "zones");
        CachePrefetch = Add("coredns_cache_prefetch_total", "The number of times the cache has prefetched a cached item.", "counter", "server", "zones");
        CacheServedStale = Add("coredns_cache_served_stale_total", "The number of requests served from stale cache entries.", "counter", "server", "zones");
        ForwardRequests = Add("coredns_forward_requests_total", "Counter of requests made per upstream.", "counter", "to");
        ForwardResponses = Add("coredns_forward_responses_total", "Counter of responses received per upstream.", "counter", "to", "rcode");
        ForwardDuration = Add("coredns_forward_request_duration_seconds", "Histogram of the time each request took.", "histogram", DurationBuckets, "to", "rcode");
        ForwardHealthcheckFailures = Add("coredns_forward_healthcheck_failures_total", "Counter of the number of failed healthchecks.", "counter", "to");
        ForwardHealthcheckBroken = Add("coredns_forward_healthcheck_broken_total", "Counter of the number of complete failures of the healthchecks.", "counter");
        ForwardMaxConcurrentRejects = Add("coredns_forward_max_concurrent_rejects_total", "Counter of the number of queries rejected because the concurrent queries were at maximum.", "counter");
        ReloadFailed = Add("coredns_reload_failed_total", "Counter of the number of failed reload attempts.", "counter");
        HostsEntries = Add("coredns_hosts_entries", "The combined number of entries in hosts and Corefile.", "gauge");
        Malformed = Add("dnscache_malformed_requests_total", "Requests that could not be parsed, by protocol and what was done with them (formerr or drop).", "counter", "proto", "action");
        Panics = Add("coredns_panics_total", "A metrics that counts the number of panics.", "counter");
        Panics.Counter();
        ProcessMemory = Add("process_resident_memory_bytes", "Resident memory size in bytes.", "gauge");
        ProcessMemory.AddCallback(() => [(string.Empty, Environment.WorkingSet)]);
        GcHeap = Add("dotnet_gc_heap_bytes", "Managed heap after the last collection, by part (heap, fragmentation, committed).", "gauge", "kind");
        GcHeap.AddCallback(() =>
        {
            var info = GC.GetGCMemoryInfo();
            return [(GcHeap.Render("heap"), info.HeapSizeBytes), (GcHeap.Render("fragmented"), info.FragmentedBytes), (GcHeap.Render("committed"), info.TotalCommittedBytes)];
        });
        ReloadFailed.Counter();
        ForwardMaxConcurrentRejects.Counter();
        ForwardHealthcheckBroken.Counter();
        foreach (var proto in new[] { "udp", "tcp" })
        {
            Malformed.Counter(proto, "formerr");
            Malformed.Counter(proto, "drop");
        }
    }

    public List<MetricFamily> Families { get; } = [];

    public MetricFamily Requests { get; }

    public MetricFamily Responses { get; }

    public MetricFamily RequestDuration { get; }

    public MetricFamily CacheHits { get; }

    public MetricFamily CacheMisses { get; }

    public MetricFamily CacheRequests { get; }

    public MetricFamily CacheEntries { get; }

    public MetricFamily CachePrefetch { get; }

    public MetricFamily CacheServedStale { get; }

    public MetricFamily ForwardRequests { get; }

    public MetricFamily ForwardResponses { get; }

    public MetricFamily ForwardDuration { get; }

    public MetricFamily ForwardHealthcheckFailures { get; }

    public MetricFamily ForwardHealthcheckBroken { get; }

    public MetricFamily ForwardMaxConcurrentRejects { get; }

    public MetricFamily ReloadFailed { get; }

    public MetricFamily HostsEntries { get; }

    public MetricFamily Malformed { get; }

    public MetricFamily Panics { get; }

    public MetricFamily ProcessMemory { get; }

    public MetricFamily GcHeap { get; }

    /// <summary>The Prometheus text exposition of every family.</summary>
    public string Render()
    {
        var sb = new StringBuilder(16 * 1024);
        foreach (var family in Families)
        {
            family.WriteTo(sb);
        }

        return sb.ToString();
    }

    private MetricFamily Add(string name, string help, string type, params string[] labels) => Add(name, help, type, null, labels);

    private MetricFamily Add(string name, string help, string type, double[]? bounds, params string[] labels)
    {
        var family = new MetricFamily(name, help, type, labels, bounds);
        Families.Add(family);
        return family;
    }
}
