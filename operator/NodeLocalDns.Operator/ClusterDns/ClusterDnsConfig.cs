namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// What the cluster's DNS is configured to do, as far as a node cache needs to know: the cluster
/// domain(s) and reverse zones CoreDNS serves from Kubernetes, the root upstreams, the stub domains
/// with their own servers, the zones CoreDNS answers itself, and what was noticed on the way.
/// Every list is sorted, so equal configs compare and render identically.
/// </summary>
public sealed record ClusterDnsConfig(
    IReadOnlyList<string> ClusterDomains,
    IReadOnlyList<string> ReverseZones,
    IReadOnlyList<string> RootUpstreams,
    IReadOnlyList<StubDomain> StubDomains,
    IReadOnlyList<ClusterDnsRoute> ClusterDnsRoutes,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <inheritdoc />
    public bool Equals(ClusterDnsConfig? other) =>
        other is not null
        && ClusterDomains.SequenceEqual(other.ClusterDomains)
        && ReverseZones.SequenceEqual(other.ReverseZones)
        && RootUpstreams.SequenceEqual(other.RootUpstreams)
        && StubDomains.SequenceEqual(other.StubDomains)
        && ClusterDnsRoutes.SequenceEqual(other.ClusterDnsRoutes)
        && Diagnostics.SequenceEqual(other.Diagnostics);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ClusterDomains.Count, StubDomains.Count, Diagnostics.Count);
}
