using NodeLocalDns.DnsCache.Observability;

namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>
/// The <c>forward</c> directive's metric families, with CoreDNS's names, help texts and labels: the older
/// <c>coredns_forward_*</c> names (plugin/forward/metrics.go before 1.11) and, alongside them, the
/// <c>coredns_proxy_*</c> names CoreDNS 1.11+ moved them to (plugin/pkg/proxy/metrics.go, with
/// <c>proxy_name="forward"</c>), so dashboards of either generation work. Each <see cref="Upstream"/> holds its series.
/// </summary>
internal sealed class ForwardMetrics
{
    public ForwardMetrics(DnsMetrics registry)
    {
        Requests = registry.Add("coredns_forward_requests_total", "Counter of requests made per upstream.", "counter", "to");
        Responses = registry.Add("coredns_forward_responses_total", "Counter of responses received per upstream.", "counter", "to", "rcode");
        Duration = registry.Add(
            "coredns_forward_request_duration_seconds",
            "Histogram of the time each request took.",
            "histogram",
            DnsMetrics.DurationBuckets,
            "to",
            "rcode");
        HealthcheckFailures = registry.Add("coredns_forward_healthcheck_failures_total", "Counter of the number of failed healthchecks.", "counter", "to");
        HealthcheckBroken = registry.Add(
            "coredns_forward_healthcheck_broken_total", "Counter of the number of complete failures of the healthchecks.", "counter");
        MaxConcurrentRejects = registry.Add(
            "coredns_forward_max_concurrent_rejects_total",
            "Counter of the number of queries rejected because the concurrent queries were at maximum.",
            "counter");
        ProxyDuration = registry.Add(
            "coredns_proxy_request_duration_seconds",
            "Histogram of the time each request took.",
            "histogram",
            DnsMetrics.DurationBuckets,
            "proxy_name",
            "to",
            "rcode");
        ProxyHealthcheckFailures = registry.Add(
            "coredns_proxy_healthcheck_failures_total", "Counter of the number of failed healthchecks.", "counter", "proxy_name", "to");
        ConnCacheHits = registry.Add(
            "coredns_proxy_conn_cache_hits_total", "Counter of connection cache hits per upstream and protocol.", "counter", "proxy_name", "to", "proto");
        ConnCacheMisses = registry.Add(
            "coredns_proxy_conn_cache_misses_total", "Counter of connection cache misses per upstream and protocol.", "counter", "proxy_name", "to", "proto");

        // Unlabelled counters are exported from the start (at 0), as Prometheus client libraries do.
        MaxConcurrentRejects.Counter();
        HealthcheckBroken.Counter();
    }

    public MetricFamily Requests { get; }

    public MetricFamily Responses { get; }

    public MetricFamily Duration { get; }

    public MetricFamily HealthcheckFailures { get; }

    public MetricFamily HealthcheckBroken { get; }

    public MetricFamily MaxConcurrentRejects { get; }

    public MetricFamily ProxyDuration { get; }

    public MetricFamily ProxyHealthcheckFailures { get; }

    public MetricFamily ConnCacheHits { get; }

    public MetricFamily ConnCacheMisses { get; }
}
