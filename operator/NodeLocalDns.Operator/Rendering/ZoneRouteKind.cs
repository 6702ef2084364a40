namespace NodeLocalDns.Operator.Rendering;

/// <summary>How the node cache routes a zone.</summary>
public enum ZoneRouteKind
{
    /// <summary>To the zone's own servers, as CoreDNS forwards it.</summary>
    Direct,

    /// <summary>To cluster DNS (CoreDNS), which answers or forwards it with its own config.</summary>
    ViaClusterDns,
}
