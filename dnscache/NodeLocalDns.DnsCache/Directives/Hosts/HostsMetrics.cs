using NodeLocalDns.DnsCache.Observability;

namespace NodeLocalDns.DnsCache.Directives.Hosts;

/// <summary>The <c>hosts</c> directive's metric family (CoreDNS plugin/hosts/metrics.go).</summary>
internal sealed class HostsMetrics
{
    public HostsMetrics(DnsMetrics registry)
    {
        Entries = registry.Add("coredns_hosts_entries", "The combined number of entries in hosts and Corefile.", "gauge");
    }

    /// <summary>A gauge read at scrape time from every block's hosts table.</summary>
    public MetricFamily Entries { get; }
}
