namespace NodeLocalDns.Operator.Rendering;

/// <summary>
/// One zone the node cache serves and how: <see cref="ZoneRouteKind.Direct"/> to <paramref name="Servers"/>, or
/// <see cref="ZoneRouteKind.ViaClusterDns"/>, with why and where the zone was configured (<c>Corefile:21</c>,
/// <c>coredns-custom/lab.server:1</c>, <c>spec</c>). Lists every zone of the cluster's DNS config in one place: the cluster
/// domains and reverse zones, the stub domains, and the zones CoreDNS answers or rewrites itself.
/// </summary>
public sealed record ZoneRoute(string Zone, ZoneRouteKind Route, IReadOnlyList<string> Servers, string Reason, string Source)
{
    /// <summary>The route as the CLI's JSON and the status write it: <c>direct</c> or <c>viaClusterDNS</c>.</summary>
    public string RouteName => Route == ZoneRouteKind.Direct ? "direct" : "viaClusterDNS";

    /// <inheritdoc />
    public bool Equals(ZoneRoute? other) =>
        other is not null && Zone == other.Zone && Route == other.Route && Servers.SequenceEqual(other.Servers) && Reason == other.Reason && Source == other.Source;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Zone, Route, Servers.Count, Reason, Source);
}
