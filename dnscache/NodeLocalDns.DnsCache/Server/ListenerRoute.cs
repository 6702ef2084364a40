using NodeLocalDns.Corefile.Zones;

namespace NodeLocalDns.DnsCache.Server;

/// <summary>
/// The zones served on one listen endpoint. A reload swaps <see cref="Zones"/> in one write, so a
/// listener never sees half of an old and half of a new configuration.
/// </summary>
internal sealed class ListenerRoute(ZoneMatcher<RouteTarget> zones)
{
    private volatile ZoneMatcher<RouteTarget> _zones = zones;

    public ZoneMatcher<RouteTarget> Zones
    {
        get => _zones;
        set => _zones = value;
    }
}
