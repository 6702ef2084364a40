using NodeLocalDns.Corefile.Configuration;

namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// The <c>forward</c> options that change which answers a stub domain gets, carried from CoreDNS's
/// block to the node-cache block. Options that only tune CoreDNS's own connection pool are not carried.
/// </summary>
public sealed record ForwardOptions
{
    /// <summary>No options: plain UDP with TCP fallback, random policy.</summary>
    public static ForwardOptions Default { get; } = new();

    /// <summary>Always use TCP to the upstreams.</summary>
    public bool ForceTcp { get; init; }

    /// <summary>Use UDP even when the client came over TCP.</summary>
    public bool PreferUdp { get; init; }

    /// <summary>How upstreams are chosen; <c>null</c> keeps CoreDNS's default.</summary>
    public ForwardPolicy? Policy { get; init; }

    /// <summary>The TLS server name for <c>tls://</c> upstreams.</summary>
    public string? TlsServerName { get; init; }

    /// <summary>Names not forwarded (CoreDNS's <c>except</c>), normalized.</summary>
    public IReadOnlyList<string> Except { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(ForwardOptions? other) =>
        other is not null && ForceTcp == other.ForceTcp && PreferUdp == other.PreferUdp && Policy == other.Policy
        && TlsServerName == other.TlsServerName && Except.SequenceEqual(other.Except);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ForceTcp, PreferUdp, Policy, TlsServerName, Except.Count);
}
