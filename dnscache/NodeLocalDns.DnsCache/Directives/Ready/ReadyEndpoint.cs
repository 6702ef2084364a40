using NodeLocalDns.DnsCache.Observability;

namespace NodeLocalDns.DnsCache.Directives.Ready;

/// <summary>
/// The <c>ready</c> directive (CoreDNS plugin/ready): <c>GET /ready</c> answers 200 once every listener is
/// bound and 503 before that and from the start of a shutdown, so the node stops sending clients here.
/// </summary>
internal static class ReadyEndpoint
{
    public static HttpRoute Route(Func<bool> ready) =>
        new("/ready", () => ready() ? (200, "OK", "text/plain; charset=utf-8") : (503, "not ready", "text/plain; charset=utf-8"));
}
