namespace NodeLocalDns.DnsCache.Server;

/// <summary>
/// The zones served on one listen endpoint. A reload swaps <see cref="Zones"/> in one write, so a
/// listener never sees half of an old and half of a new configuration.
/// </summary>
internal sealed class ListenerRoute(RouteTable zones)
{
    private volatile RouteTable _zones = zones;

    public RouteTable Zones
    {
        get => _zones;
        set => _zones = value;
    }
}
