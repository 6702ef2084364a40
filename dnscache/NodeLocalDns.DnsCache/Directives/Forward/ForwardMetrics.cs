using NodeLocalDns.DnsCache.Observability;

namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>
/// The <c>forward</c> directive's metric families, with CoreDNS's names, help texts and labels
/// (plugin/forward/metrics.go, plugin/pkg/proxy/metrics.go). Each <see cref="Upstream"/> holds its series.
/// </summary>
internal sealed class ForwardMetrics
{
    public ForwardMetrics(DnsMetrics registry)
    {
        Requests = registry.Add("coredns_forward_requests_total", "Counter of requests made per upstream.", "counter", "to");
        Responses = registry.Add("coredns_forward_responses_total", "Counter of responses received per upstream.", "counter", "to", "rcode");
        Duration = registry.Add("coredns_forward_request_duration_seconds", "Histogram of the time each request took.", "histogram", DnsMetrics.DurationBuckets, "to", "rcode");
        HealthcheckFailures = registry.Add("coredns_forward_healthcheck_failures_total", "Counter of the number of failed healthchecks.", "counter", "to");
        HealthcheckBroken = registry.Add("coredns_forward_healthcheck_broken_total", "Counter of the number of complete failures of the healthchecks.", "counter");
        MaxConcurrentRejects = registry.Add("coredns_forward_max_concurrent_rejects_total", "Counter of the number of queries rejected because the concurrent queries were at maximum.", "counter");

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
}
