using System.Text;
using NodeLocalDns.DnsCache.Directives.Cache;
using NodeLocalDns.DnsCache.Directives.Forward;
using NodeLocalDns.DnsCache.Directives.Hosts;
using NodeLocalDns.DnsCache.Directives.Reload;

namespace NodeLocalDns.DnsCache.Observability;

/// <summary>
/// The registry of every metric the daemon exports, with CoreDNS's names and labels so node-local-dns
/// dashboards keep working. Exposition is hand-written rather than prometheus-net: label lookups happen
/// once per series and the hot path only does interlocked adds on held handles, and nothing here needs
/// reflection, which keeps the NativeAOT build warning-free. The server's own families are declared here;
/// each directive's are in its folder (<c>Directives/Cache/CacheMetrics.cs</c>, ...) and are added here, so
/// that this constructor alone fixes the exposition order.
/// </summary>
internal sealed class DnsMetrics
{
    /// <summary>CoreDNS's request duration buckets: prometheus.ExponentialBuckets(0.00025, 2, 16).</summary>
    public static readonly double[] DurationBuckets = [.. Enumerable.Range(0, 16).Select(i => 0.00025 * Math.Pow(2, i))];

    /// <summary>CoreDNS's request and response size buckets (plugin/metrics/vars).</summary>
    public static readonly double[] SizeBuckets = [0, 100, 200, 300, 400, 511, 1023, 2047, 4095, 8291, 16e3, 32e3, 48e3, 64e3];

    public DnsMetrics()
    {
        // A scrape lists the families in the order they are added.
        Requests = Add("coredns_dns_requests_total", "Counter of DNS requests made per zone, protocol and family.",
            "counter", "server", "zone", "proto", "family", "type");
        Responses = Add("coredns_dns_responses_total", "Counter of response status codes.", "counter", "server", "zone", "rcode", "plugin");
        RequestDuration = Add("coredns_dns_request_duration_seconds", "Histogram of the time (in seconds) each request took.",
            "histogram", DurationBuckets, "server", "zone", "type");
        RequestSize = AddSizes("coredns_dns_request_size_bytes", "Size of the EDNS0 UDP buffer in bytes (64K for TCP) per zone and protocol.");
        ResponseSize = AddSizes("coredns_dns_response_size_bytes", "Size of the returned response in bytes.");
        DoRequests = Add("coredns_dns_do_requests_total", "Counter of DNS requests with DO bit set per zone.", "counter", "server", "zone");
        Cache = new CacheMetrics(this);
        Forward = new ForwardMetrics(this);
        Reload = new ReloadMetrics(this);
        Hosts = new HostsMetrics(this);
        Malformed = Add(
            "dnscache_malformed_requests_total",
            "Requests that could not be parsed, by protocol and what was done with them (formerr or drop).",
            "counter",
            "proto",
            "action");
        TcpClosed = Add(
            "dnscache_tcp_connections_closed_total",
            "Client TCP connections closed by the server, by reason " +
            "(idle, write_timeout: the client did not read, evicted: the idlest, closed at the connection cap).",
            "counter",
            "reason");
        Panics = Add("coredns_panics_total", "A metrics that counts the number of panics.", "counter");
        Panics.Counter();
        BuildInfo = Add(
            "coredns_build_info",
            "A metric with a constant '1' value labeled by version, revision, and goversion from which CoreDNS was built.",
            "gauge",
            "version",
            "revision",
            "goversion");
        var build = BuildInfo.Render(BuildVersion.Version, BuildVersion.Revision, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
        BuildInfo.AddCallback(() => [(build, 1)]);
        Process = new ProcessMetrics(this);
        GcHeap = Add("dotnet_gc_heap_bytes", "Managed heap after the last collection, by part (heap, fragmentation, committed).", "gauge", "kind");
        GcHeap.AddCallback(() =>
        {
            var info = GC.GetGCMemoryInfo();
            return
            [
                (GcHeap.Render("heap"), info.HeapSizeBytes),
                (GcHeap.Render("fragmented"), info.FragmentedBytes),
                (GcHeap.Render("committed"), info.TotalCommittedBytes)
            ];
        });
        foreach (var proto in new[] { "udp", "tcp" })
        {
            Malformed.Counter(proto, "formerr");
            Malformed.Counter(proto, "drop");
        }

        foreach (var reason in new[] { "idle", "write_timeout", "evicted" })
        {
            TcpClosed.Counter(reason);
        }
    }

    public List<MetricFamily> Families { get; } = [];

    public MetricFamily Requests { get; }

    public MetricFamily Responses { get; }

    public MetricFamily RequestDuration { get; }

    public MetricFamily RequestSize { get; }

    public MetricFamily ResponseSize { get; }

    public MetricFamily DoRequests { get; }

    public MetricFamily TcpClosed { get; }

    public MetricFamily BuildInfo { get; }

    /// <summary>The standard <c>process_*</c> families.</summary>
    public ProcessMetrics Process { get; }

    /// <summary>The <c>cache</c> directive's families.</summary>
    public CacheMetrics Cache { get; }

    /// <summary>The <c>forward</c> directive's families.</summary>
    public ForwardMetrics Forward { get; }

    /// <summary>The <c>reload</c> directive's family.</summary>
    public ReloadMetrics Reload { get; }

    /// <summary>The <c>hosts</c> directive's family.</summary>
    public HostsMetrics Hosts { get; }

    public MetricFamily Malformed { get; }

    public MetricFamily Panics { get; }

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

    /// <summary>Adds a family to the exposition (after those added before it).</summary>
    public MetricFamily Add(string name, string help, string type, params string[] labels) => Add(name, help, type, null, labels);

    private MetricFamily AddSizes(string name, string help)
    {
        var family = new MetricFamily(name, help, "histogram", ["server", "zone", "proto"], SizeBuckets, sumScale: 1);
        Families.Add(family);
        return family;
    }

    /// <summary>Adds a histogram family with the given bucket bounds.</summary>
    public MetricFamily Add(string name, string help, string type, double[]? bounds, params string[] labels)
    {
        var family = new MetricFamily(name, help, type, labels, bounds);
        Families.Add(family);
        return family;
    }
}
