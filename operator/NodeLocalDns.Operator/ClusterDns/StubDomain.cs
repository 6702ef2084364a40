namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// A zone CoreDNS forwards to its own servers: <paramref name="Zone"/> in display form (lower case, no
/// trailing dot), the upstream <paramref name="Servers"/> as forward accepts them (<c>10.1.2.3</c>,
/// <c>10.1.2.3:5353</c>, <c>[2001:db8::1]:53</c>, <c>tls://1.1.1.1</c>), the options that matter, and
/// where it was configured.
/// </summary>
public sealed record StubDomain(string Zone, IReadOnlyList<string> Servers, ForwardOptions Options, string Source)
{
    /// <inheritdoc />
    public bool Equals(StubDomain? other) =>
        other is not null && Zone == other.Zone && Servers.SequenceEqual(other.Servers) && Options.Equals(other.Options) && Source == other.Source;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Zone, Servers.Count, Options, Source);
}
