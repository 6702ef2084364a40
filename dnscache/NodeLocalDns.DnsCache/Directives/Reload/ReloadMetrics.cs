using NodeLocalDns.DnsCache.Observability;

namespace NodeLocalDns.DnsCache.Directives.Reload;

/// <summary>The <c>reload</c> directive's metric family (CoreDNS plugin/reload/metrics.go).</summary>
internal sealed class ReloadMetrics
{
    public ReloadMetrics(DnsMetrics registry)
    {
        Failed = registry.Add("coredns_reload_failed_total", "Counter of the number of failed reload attempts.", "counter");
        Failed.Counter();
    }

    /// <summary>Counts Corefiles that did not load on a reload (the running configuration kept serving).</summary>
    public MetricFamily Failed { get; }
}
