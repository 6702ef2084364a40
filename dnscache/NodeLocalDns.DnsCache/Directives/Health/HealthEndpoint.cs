using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.DnsCache.Observability;

namespace NodeLocalDns.DnsCache.Directives.Health;

/// <summary>
/// The <c>health</c> directive (CoreDNS plugin/health): <c>GET /health</c> answers 200 <c>OK</c> while the
/// process runs, including its lame-duck time (<see cref="Hosting.DnsCacheHost.EnterLameduckAsync"/>).
/// </summary>
internal static class HealthEndpoint
{
    public static HttpRoute Route { get; } = new("/health", () => (200, "OK", "text/plain; charset=utf-8"));

    /// <summary>The longest <c>health { lameduck }</c> of <paramref name="config"/> (zero when none).</summary>
    public static TimeSpan Lameduck(DnsCacheConfig config) =>
        config.Servers.Select(s => s.Health?.Lameduck ?? TimeSpan.Zero).DefaultIfEmpty(TimeSpan.Zero).Max();
}
