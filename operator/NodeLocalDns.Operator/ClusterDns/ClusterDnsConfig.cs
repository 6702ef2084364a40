using NodeLocalDns.Corefile.Syntax;

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
    /// <summary>
    /// The cluster domains and reverse zones with where each came from (the <c>kubernetes</c> line, <c>spec.clusterDomain</c>,
    /// or the default), sorted by zone; every one is answered by CoreDNS's <c>kubernetes</c> plugin.
    /// </summary>
    public IReadOnlyList<ClusterDnsRoute> KubernetesZones { get; init; } = [];

    /// <summary>What CoreDNS itself would refuse to load; when there is any, CoreDNS keeps its previous config and so must the node cache.</summary>
    public IReadOnlyList<Diagnostic> Errors => [.. Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)];

    /// <summary>
    /// Returns this config when CoreDNS would load it; otherwise throws the first refusal as a located
    /// <see cref="CorefileException"/>, so that callers treat it exactly as a Corefile that does not parse.
    /// </summary>
    /// <exception cref="CorefileException">CoreDNS would refuse this config; the message names every refusal.</exception>
    public ClusterDnsConfig EnsureLoadable()
    {
        var errors = Errors;
        if (errors.Count == 0)
        {
            return this;
        }

        var first = errors[0];
        var more = errors.Count == 1 ? string.Empty : $" (and {errors.Count - 1} more: {string.Join("; ", errors.Skip(1).Select(e => $"{e.Source}: {e.Message}"))})";
        return first.Position is { } position
            ? throw new CorefileException(position, first.Message + more)
            : throw new CorefileException(new SourcePosition(first.Source, 0, 0), first.Message + more);
    }

    /// <inheritdoc />
    public bool Equals(ClusterDnsConfig? other) =>
        other is not null
        && ClusterDomains.SequenceEqual(other.ClusterDomains)
        && ReverseZones.SequenceEqual(other.ReverseZones)
        && RootUpstreams.SequenceEqual(other.RootUpstreams)
        && StubDomains.SequenceEqual(other.StubDomains)
        && ClusterDnsRoutes.SequenceEqual(other.ClusterDnsRoutes)
        && KubernetesZones.SequenceEqual(other.KubernetesZones)
        && Diagnostics.SequenceEqual(other.Diagnostics);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ClusterDomains.Count, StubDomains.Count, Diagnostics.Count);
}
