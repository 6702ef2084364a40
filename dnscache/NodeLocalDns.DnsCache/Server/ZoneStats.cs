using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Server;

/// <summary>
/// The request metrics of one zone of one server block, as handles created on first use and then only
/// incremented, as CoreDNS's plugin/metrics reports each request: <c>coredns_dns_requests_total</c>,
/// <c>coredns_dns_responses_total</c>, <c>coredns_dns_request_duration_seconds</c>, the request and response
/// sizes by protocol and <c>coredns_dns_do_requests_total</c>.
/// </summary>
internal sealed class ZoneStats(DnsMetrics metrics, string server, string zone)
{
    public static readonly string[] Plugins = ["", "cache", "forward", "hosts", "template", "errors"];
    private const int TypeSlots = 18;
    private readonly Counter?[] _requests = new Counter?[2 * 2 * TypeSlots];
    private readonly Counter?[] _responses = new Counter?[Plugins.Length * 17];
    private readonly Histogram?[] _durations = new Histogram?[TypeSlots];
    private readonly Histogram?[] _requestSizes = new Histogram?[2];
    private readonly Histogram?[] _responseSizes = new Histogram?[2];
    private Counter? _doRequests;

    public string Server { get; } = server;

    public string Zone { get; } = zone;

    public void Record(bool tcp, bool ipv6, ushort qtype, byte rcode, int plugin, double seconds, int requestSize, int responseSize, bool dnssecOk)
    {
        if (dnssecOk)
        {
            (_doRequests ??= metrics.DoRequests.Counter(Server, Zone)).Increment();
        }

        var p = tcp ? 1 : 0;
        (_requestSizes[p] ??= metrics.RequestSize.Histogram(Server, Zone, tcp ? "tcp" : "udp")).Observe(requestSize);
        (_responseSizes[p] ??= metrics.ResponseSize.Histogram(Server, Zone, tcp ? "tcp" : "udp")).Observe(responseSize);

        var t = RcodeNames.MetricTypeIndex(qtype);
        var r = (tcp ? 2 : 0) + (ipv6 ? 1 : 0);
        ref var request = ref _requests[(r * TypeSlots) + t];
        request ??= metrics.Requests.Counter(Server, Zone, tcp ? "tcp" : "udp", ipv6 ? "2" : "1", RcodeNames.MetricTypeName(t));
        request.Increment();
        var rc = Math.Min((int)rcode, 16);
        ref var response = ref _responses[(plugin * 17) + rc];
        response ??= metrics.Responses.Counter(Server, Zone, RcodeNames.Name((byte)rc), Plugins[plugin]);
        response.Increment();
        ref var duration = ref _durations[t];
        duration ??= metrics.RequestDuration.Histogram(Server, Zone, RcodeNames.MetricTypeName(t));
        duration.Observe(seconds);
    }
}
