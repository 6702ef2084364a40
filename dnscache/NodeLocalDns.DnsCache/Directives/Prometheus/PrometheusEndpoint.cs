using NodeLocalDns.DnsCache.Observability;

namespace NodeLocalDns.DnsCache.Directives.Prometheus;

/// <summary>
/// The <c>prometheus</c> directive (CoreDNS plugin/metrics): <c>GET /metrics</c> answers every family of
/// <see cref="DnsMetrics"/> in the Prometheus text format, version 0.0.4. Several blocks naming the same
/// address share one listener and one registry.
/// </summary>
internal static class PrometheusEndpoint
{
    public static HttpRoute Route(DnsMetrics metrics) =>
        new("/metrics", () => (200, metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"));
}
