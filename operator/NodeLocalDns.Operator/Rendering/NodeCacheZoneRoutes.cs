using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.ClusterDns;

namespace NodeLocalDns.Operator.Rendering;

/// <summary>
/// Every zone's route through the node cache, decided exactly as <see cref="NodeCacheCorefileRenderer"/> renders it: the
/// cluster domains and reverse zones and the zones CoreDNS answers itself (hosts, rewrite, template, file…) go to cluster
/// DNS; a stub domain goes to its own servers unless the spec routes stubs through cluster DNS or its upstreams need DNS
/// over TLS. Pure; sorted by zone.
/// </summary>
public static class NodeCacheZoneRoutes
{
    /// <summary>The routes for <paramref name="config"/> with stub domains routed by <paramref name="routing"/> and other names by <paramref name="upstreamMode"/>.</summary>
    public static IReadOnlyList<ZoneRoute> For(ClusterDnsConfig config, StubRouting routing, UpstreamMode upstreamMode)
    {
        ArgumentNullException.ThrowIfNull(config);
        var routes = new SortedDictionary<string, ZoneRoute>(StringComparer.Ordinal);
        foreach (var zone in config.KubernetesZones)
        {
            routes[zone.Zone] = new ZoneRoute(zone.Zone, ZoneRouteKind.ViaClusterDns, [], zone.Reason, zone.Source);
        }

        foreach (var stub in config.StubDomains.Where(s => !routes.ContainsKey(s.Zone)))
        {
            var servers = string.Join(" ", stub.Servers);
            routes[stub.Zone] = NodeCacheCorefileRenderer.NeedsTls(stub.Servers)
                ? new ZoneRoute(stub.Zone, ZoneRouteKind.ViaClusterDns, [], $"CoreDNS forwards it over DNS over TLS ({servers}), which the node cache does not speak", stub.Source)
                : routing == StubRouting.ViaClusterDns
                    ? new ZoneRoute(stub.Zone, ZoneRouteKind.ViaClusterDns, [], $"stub domain routing is ViaClusterDNS; CoreDNS forwards it to {servers}", stub.Source)
                    : new ZoneRoute(stub.Zone, ZoneRouteKind.Direct, stub.Servers, "a stub domain: forwarded to its own servers, as CoreDNS forwards it", stub.Source);
        }

        var how = upstreamMode == UpstreamMode.ClusterDns ? "the root block sends it to cluster DNS" : "it has its own block to cluster DNS";
        foreach (var route in config.ClusterDnsRoutes.Where(r => !routes.ContainsKey(r.Zone)))
        {
            routes[route.Zone] = new ZoneRoute(route.Zone, ZoneRouteKind.ViaClusterDns, [], $"{route.Reason}; {how}", route.Source);
        }

        return [.. routes.Values];
    }

    /// <summary>The routes for <paramref name="config"/> under <paramref name="settings"/>.</summary>
    public static IReadOnlyList<ZoneRoute> For(ClusterDnsConfig config, NodeCacheSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return For(config, settings.StubRouting, settings.UpstreamMode);
    }
}
